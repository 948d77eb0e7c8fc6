using NanoBanana.Emulator;

namespace NanoBanana.Tests.Emulator;

public class CreditAccountingTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    private static readonly string[] UnreachableReference = ["https://images.example.invalid/cat.png"];

    [Theory]
    [InlineData("gemini-2.5-flash-image", 0, 1)]
    [InlineData("gemini-2.5-flash-image", 1, 1)]
    [InlineData("gemini-2.5-flash-image", 3, 3)]
    [InlineData("nanobanan-2", 0, 3)]
    [InlineData("nanobanan-2-4k", 0, 5)]
    [InlineData("nanobanan2&pro-2k", 2, 5)]
    public async Task The_cost_is_the_model_price_plus_one_per_extra_reference(string model, int references, int cost)
    {
        var key = emulator.NewAccount().Key;
        var urls = Enumerable.Range(0, references)
            .Select(i => i == 0 ? "data:image/jpeg;base64,/9j/4AAQ" : $"https://example.com/{i}.png")
            .ToArray();

        using var response = await emulator.GenerateAsync(key, new { prompt = "a cat", selectedModel = model, referenceImageUrls = urls, mode = "async" });
        var body = await response.JsonAsync();

        Assert.Equal(cost, body.Int("creditsUsed"));
        Assert.Equal(100 - cost, body.Int("remainingCredits"));
        Assert.Equal(100 - cost, emulator.State.GetAccount(key)!.Credits);
    }

    [Fact]
    public async Task Credits_are_charged_at_submission_while_the_job_is_still_processing()
    {
        var key = emulator.NewAccount(new AccountSpec { LatencyMs = 60_000 }).Key;

        var id = await emulator.SubmitAsync(key);
        using var credits = await emulator.GetAsync("/credits", key);

        Assert.Equal(ProcessingStatus.Processing, emulator.State.GetGeneration(id)!.Status);
        Assert.Equal(99, (await credits.JsonAsync()).GetProperty("data").Int("credits"));
    }

    [Fact]
    public async Task A_failed_generation_is_not_refunded()
    {
        var key = emulator.NewAccount().Key;

        using var submit = await emulator.GenerateAsync(key, new
        {
            prompt = "a cat",
            referenceImageUrls = UnreachableReference,
            mode = "async",
        });
        var id = (await submit.JsonAsync()).Text("generationId");
        await Eventually.TrueAsync(() => emulator.State.GetGeneration(id)!.Status == ProcessingStatus.Failed);
        using var poll = await emulator.GetAsync($"/generate?id={id}", key);
        var data = (await poll.JsonAsync()).GetProperty("data");

        Assert.Equal("failed", data.Text("processingStatus"));
        Assert.Equal("Failed to fetch reference image", data.Text("errorMessage"));
        Assert.Equal(1, data.Int("creditsUsed"));
        Assert.Equal(99, emulator.State.GetAccount(key)!.Credits);
    }

    [Fact]
    public async Task Async_jobs_over_the_limit_are_503_server_busy_and_not_charged()
    {
        var key = emulator.NewAccount(new AccountSpec { MaxAsyncTasks = 2, LatencyMs = 60_000 }).Key;
        await emulator.SubmitAsync(key);
        await emulator.SubmitAsync(key);

        using var busy = await emulator.GenerateAsync(key, new { prompt = "a third cat", mode = "async" });
        var body = await busy.JsonAsync();

        Assert.Equal(503, (int)busy.StatusCode);
        Assert.Equal(["error", "type", "activeTasks"], body.PropertyNames());
        Assert.Equal("Server is busy, too many concurrent tasks. Please retry later.", body.Text("error"));
        Assert.Equal("server_busy", body.Text("type"));
        Assert.Equal(2, body.Int("activeTasks"));
        Assert.Equal(98, emulator.State.GetAccount(key)!.Credits);
        Assert.Equal(2, emulator.State.Generations(key).Count);
    }

    [Fact]
    public async Task Finished_async_jobs_free_their_slot()
    {
        var key = emulator.NewAccount(new AccountSpec { MaxAsyncTasks = 1 }).Key;
        var first = await emulator.SubmitAsync(key);
        await Eventually.TrueAsync(() => emulator.State.GetGeneration(first)!.Status == ProcessingStatus.Completed);

        using var second = await emulator.GenerateAsync(key, new { prompt = "another cat", mode = "async" });

        Assert.Equal(200, (int)second.StatusCode);
    }
}
