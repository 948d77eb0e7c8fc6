using System.Diagnostics;
using System.Text.Json;
using NanoBanana.Emulator;

namespace NanoBanana.Tests.Emulator;

public class StreamModeTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task A_stream_goes_start_progress_complete_and_then_closes()
    {
        var key = emulator.NewAccount().Key;

        using var response = await StreamAsync(key);
        var capture = await SseCapture.ReadAsync(response);

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.False(capture.Broken);
        Assert.Equal(
            [("status", "Starting generation...", 0), ("status", "Processing...", 50), ("complete", "Generation complete", 100)],
            capture.Events.Select(Summary));
        Assert.All(capture.Events[..2], e => Assert.Equal(["type", "message", "progress"], e.PropertyNames()));
        var data = capture.Events[2].GetProperty("data");
        Assert.Equal(["success", "imageUrls", "generationId", "creditsUsed", "remainingCredits"], data.PropertyNames());
        Assert.True(data.GetProperty("success").GetBoolean());
        var generation = Assert.Single(emulator.State.Generations(key));
        Assert.Equal(generation.Id, data.Text("generationId"));
        Assert.Equal(generation.ImageUrls, data.GetProperty("imageUrls").EnumerateArray().Select(u => u.GetString()));
        Assert.Equal((1, 99), (data.Int("creditsUsed"), data.Int("remainingCredits")));
        Assert.Matches("^(data: \\{[^\n]*\\}\n\n)+$", capture.Text);
    }

    [Fact]
    public async Task Progress_steps_are_configurable_and_spread_over_the_latency()
    {
        var key = emulator.NewAccount(new AccountSpec { ProgressSteps = [10, 40, 70], LatencyMs = 400 }).Key;
        var clock = Stopwatch.StartNew();

        using var response = await StreamAsync(key);
        var capture = await SseCapture.ReadAsync(response);

        Assert.InRange(clock.ElapsedMilliseconds, 390, 5000);
        Assert.Equal([0, 10, 40, 70, 100], capture.Events.Select(e => e.Int("progress")));
    }

    [Fact]
    public async Task Heartbeats_repeat_as_zero_progress_status_events()
    {
        // Long enough for heartbeats even when a busy machine starts the stream a second late.
        var key = emulator.NewAccount(new AccountSpec { HeartbeatMs = 60, LatencyMs = 1200, ProgressSteps = [] }).Key;
        var clock = Stopwatch.StartNew();

        using var response = await StreamAsync(key);
        var events = (await SseCapture.ReadAsync(response)).Events;

        // At most one per interval of the time the stream really took: a late machine stretches it, never crowds it.
        var heartbeats = events.Skip(1).SkipLast(1).ToList();
        Assert.InRange(heartbeats.Count, 3, (clock.ElapsedMilliseconds / 60) + 1);
        Assert.All(heartbeats, h => Assert.Equal(("status", "Processing...", 0), Summary(h)));
        Assert.Equal("complete", events[^1].Text("type"));
    }

    [Fact]
    public async Task Heartbeats_can_be_sse_comments()
    {
        var key = emulator.NewAccount(new AccountSpec { HeartbeatMs = 60, LatencyMs = 1000, HeartbeatStyle = HeartbeatStyle.Comment }).Key;

        using var response = await StreamAsync(key);
        var capture = await SseCapture.ReadAsync(response);

        Assert.Contains(": ping\n\n", capture.Text, StringComparison.Ordinal);
        Assert.Equal([0, 50, 100], capture.Events.Select(e => e.Int("progress")));
    }

    [Fact]
    public async Task The_generation_id_can_come_early_in_the_first_event()
    {
        var key = emulator.NewAccount(new AccountSpec { StreamEarlyId = true }).Key;

        using var response = await StreamAsync(key);
        var events = (await SseCapture.ReadAsync(response)).Events;

        Assert.Equal(["type", "message", "progress", "generationId"], events[0].PropertyNames());
        Assert.Equal(Assert.Single(emulator.State.Generations(key)).Id, events[0].Text("generationId"));
        Assert.False(events[1].TryGetProperty("generationId", out _));
    }

    [Fact]
    public async Task A_failure_is_an_error_event()
    {
        var key = emulator.NewAccount().Key;
        ArmOutcome(key, GenerationOutcome.Failed);

        using var response = await StreamAsync(key);
        var last = (await SseCapture.ReadAsync(response)).Events[^1];

        Assert.Equal(("error", "Generation failed due to server error", 0), Summary(last));
        Assert.Equal(["success", "error"], last.GetProperty("data").PropertyNames());
        Assert.False(last.GetProperty("data").GetProperty("success").GetBoolean());
        Assert.Equal("Generation failed due to server error", last.GetProperty("data").Text("error"));
        Assert.Equal(99, emulator.State.GetAccount(key)!.Credits);
    }

    [Fact]
    public async Task A_content_safety_rejection_completes_with_a_warning()
    {
        var key = emulator.NewAccount().Key;
        ArmOutcome(key, GenerationOutcome.Rejected);

        using var response = await StreamAsync(key);
        var last = (await SseCapture.ReadAsync(response)).Events[^1];

        Assert.Equal("complete", last.Text("type"));
        var data = last.GetProperty("data");
        Assert.Equal(["success", "warning", "generationId", "message", "creditsUsed", "remainingCredits"], data.PropertyNames());
        Assert.Equal("Content safety check failed", data.Text("message"));
    }

    [Theory]
    [InlineData(null, 401)]
    [InlineData("poor", 402)]
    [InlineData("invalid", 400)]
    public async Task Errors_before_the_stream_are_plain_json(string? account, int status)
    {
        var key = account is null ? null : emulator.NewAccount(new AccountSpec { Credits = account == "poor" ? 0 : 100 }).Key;
        var body = account == "invalid" ? """{"prompt":"a cat","mode":"stream","aspectRatio":"7:3"}""" : """{"prompt":"a cat","mode":"stream"}""";

        using var response = await emulator.GenerateRawAsync(key, body);

        await response.AssertErrorAsync(status);
    }

    [Fact]
    public async Task A_client_that_leaves_early_still_gets_its_generation()
    {
        var key = emulator.NewAccount(new AccountSpec { LatencyMs = 300 }).Key;

        using (var response = await StreamAsync(key))
        {
            await using var stream = await response.Content.ReadAsStreamAsync();
            Assert.True(await stream.ReadAsync(new byte[16]) > 0);
        }

        var id = Assert.Single(emulator.State.Generations(key)).Id;
        await Eventually.TrueAsync(() => emulator.State.GetGeneration(id)!.Status == ProcessingStatus.Completed);

        using var poll = await emulator.GetAsync($"/generate?id={id}", key);
        Assert.Equal("completed", (await poll.JsonAsync()).GetProperty("data").Text("processingStatus"));
    }

    private void ArmOutcome(string key, GenerationOutcome outcome) =>
        emulator.State.ArmFault(new FaultSpec { Kind = FaultKind.Outcome, Outcome = outcome, Match = new FaultMatch { Key = key } });

    private Task<HttpResponseMessage> StreamAsync(string key) =>
        emulator.GenerateAsync(key, new { prompt = "a stream of bananas", mode = "stream" });

    private static (string Type, string Message, int Progress) Summary(JsonElement e) =>
        (e.Text("type"), e.Text("message"), e.Int("progress"));
}
