using System.Diagnostics;
using NanoBanana.Api;
using NanoBanana.Emulator;
using NanoBanana.Tests.Emulator;
using GenerationMode = NanoBanana.Api.GenerationMode;

namespace NanoBanana.Tests.Api;

/// <summary>The rules of POST /generate, through NbApiClient and RetryingSender, counted in the emulator's request log.</summary>
public class PaidSubmissionTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    private static readonly FaultMatch Posts = new() { Method = "POST", Path = "/generate" };

    private static FaultSpec BusyNoWait(int times) => new()
    {
        Match = Posts,
        Kind = FaultKind.Status,
        Status = 503,
        Body = """{"error":"Server is busy","type":"server_busy","activeTasks":10}""",
        Headers = new Dictionary<string, string> { ["Retry-After"] = "0" },
        Times = times,
    };

    [Theory]
    [InlineData(2, 3)]
    [InlineData(0, 1)]
    public async Task An_explicit_retry_count_bounds_busy_resubmissions(int maxRetries, int posts)
    {
        var key = emulator.NewAccount().Key;
        emulator.Arm(key, BusyNoWait(times: 0));
        var client = emulator.Client(key, CoreHarness.Fast(maxRetries, boundsBusy: true, timeoutSec: 3));

        await CoreHarness.FailsWith(NbErrorKind.ServiceBusy, () => client.SubmitAsync(CoreHarness.Request(), default));

        Assert.Equal(posts, emulator.Posts(key));
        Assert.Equal(100, emulator.State.GetAccount(key)!.Credits);
    }

    [Fact]
    public async Task Without_an_explicit_count_a_busy_submission_is_resubmitted_within_the_window()
    {
        var key = emulator.NewAccount().Key;
        emulator.Arm(key, BusyNoWait(times: 5));
        var said = new List<string>();
        var client = emulator.Client(key, CoreHarness.Fast(maxRetries: 1) with { Log = said.Add });

        var generation = await client.SubmitAsync(CoreHarness.Request(), default);

        Assert.Equal(NbGenerationStatus.Processing, generation.Status);
        Assert.Equal(6, emulator.Posts(key));
        Assert.Contains(said, m => m.Contains("service busy, attempt 5, waiting 0.0 s", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_busy_wait_without_retry_after_lasts_at_least_a_second_whatever_the_interval()
    {
        var key = emulator.NewAccount().Key;
        emulator.Arm(key, BusyNoWait(times: 1) with { Headers = null });
        var client = emulator.Client(key);
        var clock = Stopwatch.StartNew();

        await client.SubmitAsync(CoreHarness.Request(), default);

        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(1), $"resubmitted after {clock.ElapsedMilliseconds} ms");
        Assert.Equal(2, emulator.Posts(key));
    }

    [Theory]
    [InlineData(FaultKind.Status, 500)]
    [InlineData(FaultKind.Status, 502)]
    [InlineData(FaultKind.Reset, null)]
    public async Task Sent_then_failed_is_outcome_unknown_after_exactly_one_post(FaultKind kind, int? status)
    {
        var key = emulator.NewAccount().Key;
        emulator.Arm(key, new FaultSpec { Match = Posts, Kind = kind, Status = status, Charge = true });
        var client = emulator.Client(key);

        var e = await CoreHarness.FailsWith(NbErrorKind.OutcomeUnknown, () => client.SubmitAsync(CoreHarness.Request(), default));

        Assert.Contains("credits may have been charged", e.Message, StringComparison.Ordinal);
        Assert.Equal(1, emulator.Posts(key));
    }

    [Fact]
    public async Task Sent_then_timed_out_is_outcome_unknown_after_exactly_one_post()
    {
        var key = emulator.NewAccount().Key;
        emulator.Arm(key, new FaultSpec { Match = Posts, Kind = FaultKind.SlowHeaders, DelayMs = 5000 });
        var client = emulator.Client(key, CoreHarness.Fast(timeoutSec: 2));

        await CoreHarness.FailsWith(NbErrorKind.OutcomeUnknown, () => client.SubmitAsync(CoreHarness.Request(), default));

        Assert.Equal(1, emulator.Posts(key));
    }

    [Fact]
    public async Task A_429_is_resubmitted_because_the_job_was_refused()
    {
        var key = emulator.NewAccount().Key;
        emulator.Arm(key, new FaultSpec
        {
            Match = Posts,
            Kind = FaultKind.Status,
            Status = 429,
            Headers = new Dictionary<string, string> { ["Retry-After"] = "0" },
        });

        await emulator.Client(key).SubmitAsync(CoreHarness.Request(), default);

        Assert.Equal(2, emulator.Posts(key));
        Assert.Equal(99, emulator.State.GetAccount(key)!.Credits);
    }

    [Fact]
    public async Task A_submission_that_never_left_is_retried_and_then_fails_to_connect()
    {
        var said = new List<string>();
        var client = new NbApiClient(
            new ApiEndpoint(new Uri("http://127.0.0.1:1/api/v1"), new ApiKey("nb_test", "the test")),
            CoreHarness.Fast(maxRetries: 2) with { Log = said.Add });

        await CoreHarness.FailsWith(NbErrorKind.ConnectionFailed, () => client.SubmitAsync(CoreHarness.Request(), default));

        Assert.Equal(2, said.Count(m => m.Contains("retry", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_stream_broken_before_its_id_is_outcome_unknown_after_one_post()
    {
        var key = emulator.NewAccount(new AccountSpec { LatencyMs = 300 }).Key;
        emulator.Arm(key, new FaultSpec { Match = Posts, Kind = FaultKind.Stream, CutAfterEvents = 0 });

        await CoreHarness.FailsWith(NbErrorKind.OutcomeUnknown, () => Stream(key));

        Assert.Equal(1, emulator.Posts(key));
        Assert.Equal(0, emulator.Gets(key, "/api/v1/generate"));
    }

    [Fact]
    public async Task A_stream_broken_after_its_id_is_followed_by_polling_not_resubmitted()
    {
        var key = emulator.NewAccount(new AccountSpec { LatencyMs = 300, StreamEarlyId = true }).Key;
        emulator.Arm(key, new FaultSpec { Match = Posts, Kind = FaultKind.Stream, CutAfterEvents = 1 });

        var generation = await Stream(key);

        Assert.Equal(NbGenerationStatus.Completed, generation.Status);
        Assert.Equal(1, emulator.Posts(key));
        Assert.True(emulator.Gets(key, "/api/v1/generate") >= 1);
    }

    private Task<NbGeneration> Stream(string key) =>
        emulator.Client(key).GenerateAsync(
            CoreHarness.Request(mode: GenerationMode.Stream), false, TimeSpan.FromSeconds(5), _ => { }, default);
}
