using System.Text.Json;
using NanoBanana.Emulator;

namespace NanoBanana.Tests.Emulator;

public class AsyncModeTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task Async_submission_answers_at_once_with_the_documented_shape()
    {
        var key = emulator.NewAccount(new AccountSpec { LatencyMs = 60_000 }).Key;

        using var response = await emulator.GenerateAsync(key, new { prompt = "a lighthouse", mode = "async" });
        var body = await response.JsonAsync();

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(["success", "async", "generationId", "message", "creditsUsed", "remainingCredits"], body.PropertyNames());
        Assert.True(body.GetProperty("success").GetBoolean());
        Assert.True(body.GetProperty("async").GetBoolean());
        Assert.Matches("^c[0-9a-z]{24}$", body.Text("generationId"));
        Assert.Equal("Generation started. Use GET /api/v1/generate?id={generationId} to poll for results.", body.Text("message"));
        Assert.Equal((1, 99), (body.Int("creditsUsed"), body.Int("remainingCredits")));
    }

    [Fact]
    public async Task A_job_reads_processing_then_completed()
    {
        var key = emulator.NewAccount(new AccountSpec { LatencyMs = 600 }).Key;
        var id = await emulator.SubmitAsync(key, "a lighthouse at dusk");

        var processing = await PollAsync(key, id);
        Assert.Equal(
            ["id", "prompt", "outputImageUrls", "modelUsed", "processingStatus", "creditsUsed", "createdAt"],
            processing.PropertyNames());
        Assert.Equal("processing", processing.Text("processingStatus"));
        Assert.Equal(JsonValueKind.Null, processing.GetProperty("outputImageUrls").ValueKind);

        await Eventually.TrueAsync(() => emulator.State.GetGeneration(id)!.Status == ProcessingStatus.Completed);
        var completed = await PollAsync(key, id);
        Assert.Equal("completed", completed.Text("processingStatus"));
        Assert.Equal(id, completed.Text("id"));
        Assert.Equal("a lighthouse at dusk", completed.Text("prompt"));
        Assert.Equal("gemini-2.5-flash-image", completed.Text("modelUsed"));
        Assert.Equal(1, completed.Int("creditsUsed"));
        Assert.Equal(emulator.State.GetGeneration(id)!.ImageUrls, completed.GetProperty("outputImageUrls").EnumerateArray().Select(u => u.GetString()));
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$", completed.Text("createdAt"));
        Assert.False(completed.TryGetProperty("errorMessage", out _));
    }

    [Fact]
    public async Task A_never_ending_job_stays_processing()
    {
        var key = emulator.NewAccount().Key;
        emulator.State.ArmFault(new FaultSpec { Kind = FaultKind.Outcome, Outcome = GenerationOutcome.Never, Match = new FaultMatch { Key = key } });
        var id = await emulator.SubmitAsync(key);

        await Task.Delay(EmulatorFixture.LatencyMs * 2);

        Assert.Equal("processing", (await PollAsync(key, id)).Text("processingStatus"));
    }

    [Fact]
    public async Task A_failed_job_reads_failed_with_its_message_and_keeps_its_cost()
    {
        var key = emulator.NewAccount().Key;
        emulator.State.ArmFault(new FaultSpec
        {
            Kind = FaultKind.Outcome,
            Outcome = GenerationOutcome.Failed,
            ErrorMessage = "upstream 524",
            Match = new FaultMatch { Key = key },
        });
        var id = await emulator.SubmitAsync(key);
        await Eventually.TrueAsync(() => emulator.State.GetGeneration(id)!.Status == ProcessingStatus.Failed);

        var data = await PollAsync(key, id);

        Assert.Equal("failed", data.Text("processingStatus"));
        Assert.Equal("upstream 524", data.Text("errorMessage"));
        Assert.Equal(JsonValueKind.Null, data.GetProperty("outputImageUrls").ValueKind);
        Assert.Equal(1, data.Int("creditsUsed"));
    }

    [Fact]
    public async Task A_rejected_job_reads_failed_with_the_safety_message()
    {
        var key = emulator.NewAccount().Key;
        emulator.State.ArmFault(new FaultSpec { Kind = FaultKind.Outcome, Outcome = GenerationOutcome.Rejected, Match = new FaultMatch { Key = key } });
        var id = await emulator.SubmitAsync(key);
        await Eventually.TrueAsync(() => emulator.State.GetGeneration(id)!.Status == ProcessingStatus.Failed);

        var data = await PollAsync(key, id);

        Assert.Equal(("failed", "Content safety check failed"), (data.Text("processingStatus"), data.Text("errorMessage")));
    }

    [Fact]
    public async Task Polling_needs_an_id_of_ones_own()
    {
        var owner = emulator.NewAccount().Key;
        var stranger = emulator.NewAccount().Key;
        var id = await emulator.SubmitAsync(owner);

        using var missing = await emulator.GetAsync("/generate", owner);
        using var empty = await emulator.GetAsync("/generate?id=", owner);
        using var unknown = await emulator.GetAsync("/generate?id=cmo2xv1me0gq0l4jwvwvwpnqd", owner);
        using var foreign = await emulator.GetAsync($"/generate?id={id}", stranger);

        Assert.Equal("Missing id parameter", await missing.AssertErrorAsync(400));
        await empty.AssertErrorAsync(400);
        Assert.Equal("Generation not found", await unknown.AssertErrorAsync(404));
        Assert.Equal("Generation not found", await foreign.AssertErrorAsync(404));
    }

    [Fact]
    public async Task Sync_and_stream_generations_can_be_polled_too()
    {
        var key = emulator.NewAccount().Key;
        using var sync = await emulator.GenerateAsync(key, new { prompt = "sync" });
        using var stream = await emulator.GenerateAsync(key, new { prompt = "stream", mode = "stream" });
        await SseCapture.ReadAsync(stream);

        foreach (var generation in emulator.State.Generations(key))
        {
            Assert.Equal("completed", (await PollAsync(key, generation.Id)).Text("processingStatus"));
        }

        Assert.Equal(2, emulator.State.Generations(key).Count);
    }

    [Fact]
    public async Task A_unicode_prompt_comes_back_unchanged()
    {
        var key = emulator.NewAccount().Key;
        const string prompt = "水墨画风格的山水 🍌 «Ünïcödé»";

        var id = await emulator.SubmitAsync(key, prompt);
        using var response = await emulator.GetAsync($"/generate?id={Uri.EscapeDataString(id)}", key);
        var raw = await response.Content.ReadAsStringAsync();

        Assert.Equal(prompt, JsonDocument.Parse(raw).RootElement.GetProperty("data").Text("prompt"));
        Assert.Contains("水墨画", raw, StringComparison.Ordinal);
    }

    private async Task<JsonElement> PollAsync(string key, string id)
    {
        using var response = await emulator.GetAsync($"/generate?id={id}", key);
        Assert.Equal(200, (int)response.StatusCode);
        var body = await response.JsonAsync();
        Assert.Equal(["data"], body.PropertyNames());
        return body.GetProperty("data");
    }
}
