using NanoBanana.Api;
using NanoBanana.Emulator;
using NanoBanana.Tests.Emulator;
using GenerationMode = NanoBanana.Api.GenerationMode;

namespace NanoBanana.Tests.Api;

/// <summary>Polling against the emulator: ids are never lost, unknown statuses wait, polls are capped.</summary>
public class GenerationWaiterTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    private static readonly FaultMatch Polls = new() { Method = "GET", Path = "/generate" };

    [Fact]
    public async Task One_ids_failure_is_reported_with_its_id_and_the_others_still_finish()
    {
        var key = emulator.NewAccount().Key;
        var ids = new[] { await emulator.SubmitAsync(key, "one"), await emulator.SubmitAsync(key, "two") };
        emulator.Arm(key, new FaultSpec { Match = Polls, Kind = FaultKind.Status, Status = 500 });
        var finished = new List<string>();
        var failed = new List<(string Id, NbApiException Error)>();

        await new GenerationWaiter(emulator.Client(key, CoreHarness.Fast(maxRetries: 0))).WaitAllAsync(
            ids, TimeSpan.Zero, TimeSpan.FromMilliseconds(50), g => finished.Add(g.Id), (id, e) => failed.Add((id, e)), null, default);

        var (failedId, error) = Assert.Single(failed);
        Assert.Equal(NbErrorKind.ServiceError, error.Kind);
        Assert.Equal(failedId, error.GenerationId);
        Assert.Contains($"Get-NbGeneration -Id {failedId}", error.Message, StringComparison.Ordinal);
        Assert.Equal(ids.Except([failedId]), finished);
    }

    [Theory]
    [InlineData("queued")]
    [InlineData("pending")]
    [InlineData("starting")]
    public async Task A_status_the_reference_does_not_list_means_not_finished_yet(string word)
    {
        var key = emulator.NewAccount().Key;
        var id = await emulator.SubmitAsync(key);
        emulator.Arm(key, new FaultSpec { Match = Polls, Kind = FaultKind.Status, Status = 200, Body = Record(id, word), Times = 2 });
        var client = emulator.Client(key);

        var early = await client.GetGenerationAsync(id, default);
        var finished = await new GenerationWaiter(client).WaitOneAsync(id, TimeSpan.Zero, TimeSpan.FromMilliseconds(50), default);

        Assert.Equal((NbGenerationStatus.Processing, word), (early.Status, early.ServiceStatus));
        Assert.Equal((NbGenerationStatus.Completed, "completed"), (finished.Status, finished.ServiceStatus));
        Assert.True(emulator.Gets(key, "/api/v1/generate") >= 3);
    }

    [Fact]
    public async Task At_most_eight_polls_run_at_once()
    {
        var key = emulator.NewAccount(new AccountSpec { MaxAsyncTasks = 0 }).Key;
        var ids = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            ids.Add(await emulator.SubmitAsync(key, $"poll {i}"));
        }

        await Eventually.TrueAsync(() => ids.All(id => emulator.State.GetGeneration(id)!.Status == ProcessingStatus.Completed));
        emulator.Arm(key, new FaultSpec { Match = Polls, Kind = FaultKind.SlowHeaders, DelayMs = 1000, Times = 0 });

        await new GenerationWaiter(emulator.Client(key)).WaitAllAsync(ids, TimeSpan.Zero, TimeSpan.Zero, _ => { }, (_, _) => { }, null, default);

        var arrivals = emulator.State.Requests(key, RequestOrigin.Api, "GET", "/api/v1/generate").Select(r => r.Time).Order().ToList();
        Assert.Equal(12, arrivals.Count);
        Assert.True(arrivals[8] - arrivals[0] >= TimeSpan.FromMilliseconds(900), "a ninth poll started before any of the first eight ended");
    }

    [Fact]
    public async Task A_wait_after_an_async_submission_that_fails_keeps_the_id()
    {
        var key = emulator.NewAccount().Key;
        emulator.Arm(key, new FaultSpec { Match = Polls, Kind = FaultKind.Status, Status = 502 });

        var e = await CoreHarness.FailsWith(
            NbErrorKind.ServiceError,
            () => emulator.Client(key, CoreHarness.Fast(maxRetries: 0)).GenerateAsync(CoreHarness.Request(), true, TimeSpan.FromSeconds(5), _ => { }, default));

        var id = Assert.Single(emulator.State.Generations(key)).Id;
        Assert.Equal(id, e.GenerationId);
        Assert.Contains($"Get-NbGeneration -Id {id}", e.Message, StringComparison.Ordinal);
        Assert.Equal(1, emulator.Posts(key));
    }

    [Fact]
    public async Task A_stream_followed_by_polling_that_fails_keeps_the_id()
    {
        var key = emulator.NewAccount(new AccountSpec { LatencyMs = 300, StreamEarlyId = true }).Key;
        emulator.Arm(key, new FaultSpec { Match = new FaultMatch { Method = "POST" }, Kind = FaultKind.Stream, CutAfterEvents = 1 });
        emulator.Arm(key, new FaultSpec { Match = Polls, Kind = FaultKind.Status, Status = 503, Times = 0 });

        var e = await CoreHarness.FailsWith(
            NbErrorKind.ServiceBusy,
            () => emulator.Client(key, CoreHarness.Fast(maxRetries: 0)).GenerateAsync(
                CoreHarness.Request(mode: GenerationMode.Stream), false, TimeSpan.FromSeconds(5), _ => { }, default));

        Assert.Equal(Assert.Single(emulator.State.Generations(key)).Id, e.GenerationId);
        Assert.Equal(1, emulator.Posts(key));
    }

    [Fact]
    public async Task A_final_event_without_its_blank_line_is_not_trusted_but_its_id_is_polled()
    {
        var key = emulator.NewAccount(new AccountSpec { LatencyMs = 200 }).Key;
        emulator.Arm(key, new FaultSpec { Match = new FaultMatch { Method = "POST" }, Kind = FaultKind.Stream, NoFinalBlankLine = true });

        var generation = await emulator.Client(key).GenerateAsync(
            CoreHarness.Request(mode: GenerationMode.Stream), false, TimeSpan.FromSeconds(5), _ => { }, default);

        Assert.Equal(NbGenerationStatus.Completed, generation.Status);
        Assert.Equal(1, emulator.Posts(key));
        Assert.True(emulator.Gets(key, "/api/v1/generate") >= 1, "the result came from the untrusted event, not from polling");
    }

    private static string Record(string id, string status) =>
        $$$"""{"success":true,"data":{"id":"{{{id}}}","prompt":"p","outputImageUrls":[],"processingStatus":"{{{status}}}","creditsUsed":1,"createdAt":"2026-12-01T00:00:00Z"}}""";
}
