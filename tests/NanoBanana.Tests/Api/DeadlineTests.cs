using NanoBanana.Api;
using NanoBanana.Emulator;
using NanoBanana.Tests.Emulator;

namespace NanoBanana.Tests.Api;

/// <summary>Every read of every answer ends at the attempt's deadline or when the caller cancels.</summary>
public class DeadlineTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    /// <summary>Far longer than any rule here needs; a read with no deadline would hang past it.</summary>
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(30);

    private static FaultSpec StalledBusy() => new()
    {
        Match = new FaultMatch { Method = "POST", Path = "/generate" },
        Kind = FaultKind.Stall,
        Status = 503,
        Body = """{"error":"Server is busy","type":"server_busy"}""",
    };

    [Fact]
    public async Task A_busy_answer_whose_body_stalls_ends_at_the_attempts_deadline()
    {
        var key = emulator.NewAccount().Key;
        emulator.Arm(key, StalledBusy());
        var client = emulator.Client(key, CoreHarness.Fast(timeoutSec: 2));

        await CoreHarness.FailsWith(NbErrorKind.OutcomeUnknown, () => client.SubmitAsync(CoreHarness.Request(), default).WaitAsync(Hang));

        Assert.Equal(1, emulator.Posts(key));
    }

    [Fact]
    public async Task Cancelling_ends_a_stalled_read()
    {
        var key = emulator.NewAccount().Key;
        emulator.Arm(key, StalledBusy());
        var client = emulator.Client(key, CoreHarness.Fast(timeoutSec: 600));
        using var stop = new CancellationTokenSource();

        var call = client.SubmitAsync(CoreHarness.Request(), stop.Token);
        await Eventually.TrueAsync(() => emulator.Posts(key) == 1);
        await stop.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.WaitAsync(Hang));
    }

    [Fact]
    public async Task A_json_body_that_stalls_is_a_timeout_and_a_read_is_retried()
    {
        var key = emulator.NewAccount(new AccountSpec { Credits = 42 }).Key;
        emulator.Arm(key, new FaultSpec { Match = new FaultMatch { Path = "/credits" }, Kind = FaultKind.Stall, AfterBytes = 3 });
        var client = emulator.Client(key, CoreHarness.Fast(maxRetries: 1, timeoutSec: 2));

        var credit = await client.GetCreditsAsync(default).WaitAsync(Hang);

        Assert.Equal(42, credit.Credits);
        Assert.Equal(2, emulator.Gets(key, "/api/v1/credits"));
    }

    [Fact]
    public async Task An_error_body_that_stalls_is_a_timeout_not_an_error_without_details()
    {
        var key = emulator.NewAccount().Key;
        emulator.Arm(key, new FaultSpec { Match = new FaultMatch { Path = "/credits" }, Kind = FaultKind.Stall, Status = 500 });
        var client = emulator.Client(key, CoreHarness.Fast(maxRetries: 0, timeoutSec: 2));

        await CoreHarness.FailsWith(NbErrorKind.Timeout, () => client.GetCreditsAsync(default).WaitAsync(Hang));

        Assert.Equal(1, emulator.Gets(key, "/api/v1/credits"));
    }
}
