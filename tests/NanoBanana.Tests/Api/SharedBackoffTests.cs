using NanoBanana.Api;
using NanoBanana.Emulator;
using NanoBanana.Tests.Emulator;

namespace NanoBanana.Tests.Api;

/// <summary>The pause a batch's requests share when the service says it is busy.</summary>
public class SharedBackoffTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public void A_shorter_pause_never_cuts_a_longer_one_short()
    {
        var backoff = new SharedBackoff();

        backoff.PauseFor(TimeSpan.FromMinutes(1));
        backoff.PauseFor(TimeSpan.FromMilliseconds(10));

        Assert.True(backoff.Remaining > TimeSpan.FromSeconds(30), $"{backoff.Remaining} left");
    }

    [Fact]
    public async Task Waiting_without_a_pause_returns_at_once_and_a_pause_ends_on_cancellation()
    {
        var backoff = new SharedBackoff();
        Assert.True(backoff.WaitAsync(default).IsCompletedSuccessfully);

        backoff.PauseFor(TimeSpan.FromMinutes(1));
        using var cancelled = new CancellationTokenSource();
        var waiting = backoff.WaitAsync(cancelled.Token);
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
    }

    [Fact]
    public async Task A_429_told_to_one_request_holds_back_the_next_request_of_the_batch_until_the_pause_ends()
    {
        var key = emulator.NewAccount().Key;
        emulator.Arm(key, new FaultSpec
        {
            Match = new FaultMatch { Path = "/credits" },
            Kind = FaultKind.Status,
            Status = 429,
            Headers = new Dictionary<string, string> { ["Retry-After"] = "2" },
        });
        var backoff = new SharedBackoff();
        var batch = CoreHarness.Fast() with { Backoff = backoff };
        var first = emulator.Client(key, batch).GetCreditsAsync(default);
        await Eventually.TrueAsync(() => backoff.Remaining > TimeSpan.Zero);

        await emulator.Client(key, batch).GetCreditsAsync(default);
        await first;

        var requests = emulator.State.Requests(key, RequestOrigin.Api, "GET", "/api/v1/credits").OrderBy(r => r.Time).ToList();
        Assert.Equal([429, 200, 200], requests.Select(r => r.Status));
        Assert.All(requests.Skip(1), r => Assert.True(
            r.Time - requests[0].Time >= TimeSpan.FromSeconds(1.9), $"sent {r.Time - requests[0].Time} after the 429"));
    }
}
