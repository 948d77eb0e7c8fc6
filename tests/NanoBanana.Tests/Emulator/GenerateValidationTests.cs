using NanoBanana.Emulator;

namespace NanoBanana.Tests.Emulator;

public class GenerateValidationTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    [Theory]
    [InlineData("not json", "Invalid JSON body")]
    [InlineData("""["a cat"]""", "Invalid JSON body")]
    [InlineData("{}", "Prompt is required")]
    [InlineData("""{"prompt":""}""", "Prompt is required")]
    [InlineData("""{"prompt":"  \n "}""", "Prompt is required")]
    [InlineData("""{"prompt":5}""", "Prompt is required")]
    [InlineData("""{"prompt":"a cat","mode":"fast"}""", "Invalid mode. Must be one of: sync, stream, async")]
    [InlineData("""{"prompt":"a cat","mode":"Sync"}""", "Invalid mode. Must be one of: sync, stream, async")]
    [InlineData("""{"prompt":"a cat","selectedModel":"gpt-image-1"}""", "Invalid model")]
    [InlineData("""{"prompt":"a cat","aspectRatio":"2:1"}""", "Invalid aspect ratio")]
    [InlineData("""{"prompt":"a cat","aspectRatio":"1:8"}""", "Invalid aspect ratio")]
    [InlineData("""{"prompt":"a cat","referenceImageUrls":"https://example.com/a.png"}""", "referenceImageUrls must be an array of http(s) or data:image URLs")]
    [InlineData("""{"prompt":"a cat","referenceImageUrls":["ftp://example.com/a.png"]}""", "referenceImageUrls must be an array of http(s) or data:image URLs")]
    [InlineData("""{"prompt":"a cat","referenceImageUrls":["data:text/plain;base64,AAAA"]}""", "referenceImageUrls must be an array of http(s) or data:image URLs")]
    [InlineData("""{"prompt":"a cat","referenceImageUrls":["data:image/png,AAAA"]}""", "referenceImageUrls must be an array of http(s) or data:image URLs")]
    public async Task Invalid_requests_are_400_and_cost_nothing(string body, string error)
    {
        var key = emulator.NewAccount().Key;

        using var response = await emulator.GenerateRawAsync(key, body);

        Assert.Equal(error, await response.AssertErrorAsync(400));
        AssertNothingCharged(key);
    }

    [Fact]
    public async Task More_than_14_reference_images_are_400()
    {
        var key = emulator.NewAccount().Key;
        var references = Enumerable.Range(0, 15).Select(i => $"https://example.com/{i}.png").ToArray();

        using var response = await emulator.GenerateAsync(key, new { prompt = "a collage", referenceImageUrls = references });

        Assert.Equal("Too many reference images (max 14)", await response.AssertErrorAsync(400));
        AssertNothingCharged(key);
    }

    [Fact]
    public async Task Seedream_rejects_prompts_over_4000_characters()
    {
        var key = emulator.NewAccount().Key;

        using var tooLong = await emulator.GenerateAsync(key, new { prompt = new string('a', 4001), selectedModel = "seedream-5.0-2k", mode = "async" });
        using var fits = await emulator.GenerateAsync(key, new { prompt = new string('a', 4000), selectedModel = "seedream-5.0-2k", mode = "async" });

        Assert.Equal("Prompt is too long (max 4000 characters)", await tooLong.AssertErrorAsync(400));
        Assert.Equal(200, (int)fits.StatusCode);
    }

    [Theory]
    [InlineData("nanobanan-2", "1:8")]
    [InlineData("gemini-2.5-flash-image", "21:9")]
    [InlineData("gemini-2.5-flash-image", "auto")]
    [InlineData("gemini-2.5-flash-image", "default")]
    public async Task Accepted_aspect_ratios_depend_on_the_model(string model, string aspectRatio)
    {
        var key = emulator.NewAccount().Key;

        using var response = await emulator.GenerateAsync(key, new { prompt = "a cat", selectedModel = model, aspectRatio, mode = "async" });

        Assert.Equal(200, (int)response.StatusCode);
    }

    [Fact]
    public async Task A_body_over_10_MB_is_413_and_costs_nothing()
    {
        var key = emulator.NewAccount().Key;
        var reference = "data:image/png;base64," + new string('A', 11 * 1024 * 1024);

        using var response = await emulator.GenerateAsync(key, new { prompt = "a cat", referenceImageUrls = new[] { reference } });

        Assert.Equal("Request body too large", await response.AssertErrorAsync(413));
        AssertNothingCharged(key);
    }

    [Fact]
    public async Task A_pro_model_on_a_non_pro_account_is_403()
    {
        var key = emulator.NewAccount(new AccountSpec { Pro = false }).Key;

        using var response = await emulator.GenerateAsync(key, new { prompt = "a cat", selectedModel = "nanobanan2&pro" });

        Assert.Equal("This model requires a Pro subscription", await response.AssertErrorAsync(403));
        AssertNothingCharged(key);
    }

    [Theory]
    [InlineData(0, "gemini-2.5-flash-image")]
    [InlineData(2, "nanobanan-2")]
    public async Task A_balance_below_the_cost_is_402_and_costs_nothing(int credits, string model)
    {
        var key = emulator.NewAccount(new AccountSpec { Credits = credits }).Key;

        using var response = await emulator.GenerateAsync(key, new { prompt = "a cat", selectedModel = model });

        Assert.Equal("Insufficient credits", await response.AssertErrorAsync(402));
        AssertNothingCharged(key, credits);
    }

    [Fact]
    public async Task Unknown_fields_are_ignored_and_the_nano_banana_alias_is_echoed()
    {
        var key = emulator.NewAccount().Key;

        using var response = await emulator.GenerateAsync(key, new
        {
            prompt = "a cat",
            selectedModel = "nano-banana",
            mode = "async",
            quantity = 1,
            noRefund = false,
            aspect_ratio = "9:21",
            resolution = "4k",
        });
        var body = await response.JsonAsync();

        Assert.Equal(1, body.Int("creditsUsed"));
        Assert.Equal("nano-banana", emulator.State.GetGeneration(body.Text("generationId"))!.ModelUsed);
    }

    private void AssertNothingCharged(string key, int credits = 100)
    {
        Assert.Equal(credits, emulator.State.GetAccount(key)!.Credits);
        Assert.Empty(emulator.State.Generations(key));
    }
}
