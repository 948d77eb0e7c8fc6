using System.Diagnostics;
using NanoBanana.Emulator;

namespace NanoBanana.Tests.Emulator;

public class SyncModeTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task Sync_answers_after_the_latency_with_one_image_url()
    {
        var key = emulator.NewAccount(new AccountSpec { LatencyMs = 300 }).Key;
        var clock = Stopwatch.StartNew();

        using var response = await emulator.GenerateAsync(key, new { prompt = "a red panda", mode = "sync" });
        var body = await response.JsonAsync();

        Assert.InRange(clock.ElapsedMilliseconds, 290, 5000);
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(["success", "generationId", "imageUrls", "creditsUsed", "remainingCredits"], body.PropertyNames());
        Assert.True(body.GetProperty("success").GetBoolean());
        Assert.Matches("^c[0-9a-z]{24}$", body.Text("generationId"));
        var url = Assert.Single(body.GetProperty("imageUrls").EnumerateArray()).GetString();
        Assert.Matches($"^{emulator.Host.CdnUrl.GetLeftPart(UriPartial.Authority)}/png/[0-9]{{13}}_[0-9]{{3}}\\.png$", url);
        Assert.Equal((1, 99), (body.Int("creditsUsed"), body.Int("remainingCredits")));
    }

    [Fact]
    public async Task Mode_may_be_omitted_for_sync()
    {
        var key = emulator.NewAccount().Key;

        using var response = await emulator.GenerateAsync(key, new { prompt = "a red panda" });
        var body = await response.JsonAsync();

        Assert.True(body.GetProperty("success").GetBoolean());
        Assert.Equal(GenerationMode.Sync, emulator.State.GetGeneration(body.Text("generationId"))!.Mode);
    }

    [Theory]
    [InlineData(null, "Content safety check failed")]
    [InlineData("zh-CN,zh;q=0.9", "内容安全检查未通过")]
    public async Task A_content_safety_rejection_is_a_charged_200_warning(string? acceptLanguage, string message)
    {
        var key = emulator.NewAccount().Key;
        emulator.State.ArmFault(new FaultSpec
        {
            Kind = FaultKind.Outcome,
            Outcome = GenerationOutcome.Rejected,
            Match = new FaultMatch { Key = key },
        });

        using var response = await emulator.GenerateAsync(key, new { prompt = "something risky" }, acceptLanguage);
        var body = await response.JsonAsync();

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(["success", "warning", "generationId", "message", "creditsUsed", "remainingCredits"], body.PropertyNames());
        Assert.False(body.GetProperty("success").GetBoolean());
        Assert.True(body.GetProperty("warning").GetBoolean());
        Assert.Equal(message, body.Text("message"));
        Assert.Equal((1, 99), (body.Int("creditsUsed"), body.Int("remainingCredits")));
    }

    [Fact]
    public async Task A_failed_generation_is_a_500_and_stays_charged()
    {
        var key = emulator.NewAccount().Key;
        emulator.State.ArmFault(new FaultSpec
        {
            Kind = FaultKind.Outcome,
            Outcome = GenerationOutcome.Failed,
            Match = new FaultMatch { Key = key },
        });

        using var response = await emulator.GenerateAsync(key, new { prompt = "a red panda" });

        Assert.Equal("Generation failed due to server error", await response.AssertErrorAsync(500));
        Assert.Equal(99, emulator.State.GetAccount(key)!.Credits);
        Assert.Equal(ProcessingStatus.Failed, Assert.Single(emulator.State.Generations(key)).Status);
    }

    [Fact]
    public async Task A_second_concurrent_sync_call_is_429_with_retry_after_and_not_charged()
    {
        var key = emulator.NewAccount(new AccountSpec { MaxConcurrentSync = 1, LatencyMs = 1000 }).Key;
        var first = emulator.GenerateAsync(key, new { prompt = "first" });
        await Eventually.TrueAsync(() => emulator.State.Generations(key).Count == 1);

        using var second = await emulator.GenerateAsync(key, new { prompt = "second", mode = "stream" });

        Assert.Equal("Too many concurrent requests (active=1)", await second.AssertErrorAsync(429));
        Assert.Equal(TimeSpan.FromSeconds(5), second.Headers.RetryAfter?.Delta);
        Assert.Equal(99, emulator.State.GetAccount(key)!.Credits);
        using var firstResponse = await first;
        Assert.Equal(200, (int)firstResponse.StatusCode);
    }

    [Fact]
    public async Task The_busy_answer_can_be_a_200_with_success_false()
    {
        var key = emulator.NewAccount(new AccountSpec { MaxConcurrentSync = 1, BusyStyle = BusyStyle.SuccessFalse, LatencyMs = 1000 }).Key;
        var first = emulator.GenerateAsync(key, new { prompt = "first" });
        await Eventually.TrueAsync(() => emulator.State.Generations(key).Count == 1);

        using var second = await emulator.GenerateAsync(key, new { prompt = "second" });
        var body = await second.JsonAsync();

        Assert.Equal(200, (int)second.StatusCode);
        Assert.Equal(["success", "error"], body.PropertyNames());
        Assert.False(body.GetProperty("success").GetBoolean());
        Assert.Contains("(active=1)", body.Text("error"), StringComparison.Ordinal);
        Assert.Equal(99, emulator.State.GetAccount(key)!.Credits);
        (await first).Dispose();
    }

    [Fact]
    public async Task Async_jobs_do_not_count_against_the_sync_limit()
    {
        var key = emulator.NewAccount(new AccountSpec { MaxConcurrentSync = 1, LatencyMs = 60_000 }).Key;
        await emulator.SubmitAsync(key);
        emulator.State.UpdateAccount(key, new AccountSpec { LatencyMs = 10 });

        using var response = await emulator.GenerateAsync(key, new { prompt = "sync while async runs" });

        Assert.Equal(200, (int)response.StatusCode);
    }

    [Fact]
    public async Task A_sync_call_waits_for_a_never_ending_job_until_the_client_gives_up()
    {
        var key = emulator.NewAccount().Key;
        emulator.State.ArmFault(new FaultSpec { Kind = FaultKind.Outcome, Outcome = GenerationOutcome.Never, Match = new FaultMatch { Key = key } });
        using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(EmulatorFixture.LatencyMs * 4));
        using var request = new HttpRequestMessage(HttpMethod.Post, emulator.Api("/generate"))
        {
            Content = new StringContent("""{"prompt":"forever"}""", System.Text.Encoding.UTF8, "application/json"),
            Headers = { { "Authorization", "Bearer " + key } },
        };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => emulator.Http.SendAsync(request, timeout.Token));

        Assert.Equal(ProcessingStatus.Processing, Assert.Single(emulator.State.Generations(key)).Status);
    }
}
