using System.Text.Json;
using NanoBanana.Api;

namespace NanoBanana.Tests.Api;

public class ResponsesTests
{
    private static readonly Uri ApiBase = new("https://www.nananobanana.com/api/v1");
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private static readonly GenerationRequest Request = new("a red panda")
    {
        Model = "gemini-2.5-flash-image",
        AspectRatio = "4:3",
        ReferenceImages = [ReferenceImage.FromUrl("https://example.com/ref.png")],
    };

    private static NbGeneration Submission(string json) =>
        Responses.FromSubmission(JsonSerializer.Deserialize(json, ApiJsonContext.Default.GenerateResponse), Request, ApiBase, Now);

    private static NbGeneration Record(string json) =>
        Responses.FromRecord(JsonSerializer.Deserialize(json, ApiJsonContext.Default.GenerationResponse), ApiBase);

    [Fact]
    public void A_sync_success_is_a_completed_generation_with_expiring_images()
    {
        var g = Submission("""{"success":true,"generationId":"c123","imageUrls":["https://cdn/png/1_001.png"],"creditsUsed":1,"remainingCredits":99}""");

        Assert.Equal((NbGenerationStatus.Completed, "c123", 1, 99), (g.Status, g.Id, g.CreditsUsed, g.RemainingCredits));
        var image = Assert.Single(g.Images);
        Assert.Equal((1, "c123", Now.AddDays(15)), (image.Index, image.GenerationId, image.ExpiresAt));
        Assert.Equal(("a red panda", "gemini-2.5-flash-image", "4:3"), (g.Prompt, g.Model, g.AspectRatio));
        Assert.Equal(["https://example.com/ref.png"], g.ReferenceImages!);
    }

    [Fact]
    public void The_content_safety_warning_is_a_rejected_generation_that_was_charged()
    {
        var g = Submission("""{"success":false,"warning":true,"generationId":"c9","message":"Content safety check failed","creditsUsed":1,"remainingCredits":98}""");

        Assert.Equal((NbGenerationStatus.Rejected, "Content safety check failed", 1), (g.Status, g.Message, g.CreditsUsed));
        Assert.Empty(g.Images);
    }

    [Fact]
    public void An_async_submission_is_processing()
    {
        var g = Submission("""{"success":true,"async":true,"generationId":"c5","message":"Generation started.","creditsUsed":1,"remainingCredits":9}""");

        Assert.Equal((NbGenerationStatus.Processing, "Generation started."), (g.Status, g.Message));
    }

    [Fact]
    public void The_200_busy_variant_is_a_busy_error()
    {
        var e = Assert.Throws<NbApiException>(() => Submission("""{"success":false,"error":"An active task is in progress (active=1)"}"""));

        Assert.Equal(NbErrorKind.ServiceBusy, e.Kind);
    }

    [Theory]
    [InlineData("""{"success":true,"imageUrls":["https://cdn/x.png"]}""", "generationId")]
    [InlineData("""{"success":true,"generationId":"c1","imageUrls":null}""", "imageUrls")]
    [InlineData("""{"success":true,"generationId":"c1","imageUrls":[]}""", "imageUrls")]
    [InlineData("""{"success":true,"generationId":"c1","imageUrls":[null]}""", "not an http(s) URL")]
    [InlineData("""{"success":true,"generationId":"c1","imageUrls":["ftp://x/y.png"]}""", "not an http(s) URL")]
    [InlineData("""{"generationId":"c1"}""", "success")]
    [InlineData("null", "empty body")]
    public void Shapes_the_contract_does_not_allow_are_protocol_errors(string json, string problem)
    {
        var e = Assert.Throws<NbApiException>(() => Submission(json));

        Assert.Equal(NbErrorKind.ProtocolError, e.Kind);
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Relative_image_urls_resolve_against_the_api_origin()
    {
        var g = Submission("""{"success":true,"generationId":"c1","imageUrls":["/png/1.png","//cdn.example/png/2.png"]}""");

        Assert.Equal(["https://www.nananobanana.com/png/1.png", "https://cdn.example/png/2.png"], g.Images.Select(i => i.Url.AbsoluteUri));
    }

    [Fact]
    public void A_record_maps_every_documented_field()
    {
        var g = Record("""{"data":{"id":"c1","prompt":"ink","outputImageUrls":["https://cdn/a.png"],"modelUsed":"nano-banana","processingStatus":"completed","creditsUsed":2,"createdAt":"2025-01-01T00:00:00.000Z"}}""");

        Assert.Equal((NbGenerationStatus.Completed, "ink", "nano-banana", 2), (g.Status, g.Prompt, g.Model, g.CreditsUsed));
        Assert.Equal(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero), g.CreatedAt);
        Assert.Equal(new DateTimeOffset(2025, 1, 16, 0, 0, 0, TimeSpan.Zero), Assert.Single(g.Images).ExpiresAt);
    }

    [Fact]
    public void A_failed_record_carries_the_error_message()
    {
        var g = Record("""{"data":{"id":"c1","outputImageUrls":null,"processingStatus":"failed","errorMessage":"Generation failed due to server error","creditsUsed":1}}""");

        Assert.Equal((NbGenerationStatus.Failed, "Generation failed due to server error"), (g.Status, g.Message));
        Assert.Empty(g.Images);
    }

    [Theory]
    [InlineData("""{"data":null}""", "data")]
    [InlineData("""{"data":{"processingStatus":"completed"}}""", "data.id")]
    [InlineData("""{"data":{"id":"c1"}}""", "processingStatus")]
    [InlineData("""{"data":{"id":"c1","processingStatus":"completed","outputImageUrls":null}}""", "no 'outputImageUrls'")]
    public void Broken_records_are_protocol_errors(string json, string problem)
    {
        var e = Assert.Throws<NbApiException>(() => Record(json));

        Assert.Equal(NbErrorKind.ProtocolError, e.Kind);
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Models_need_a_name_and_a_cost()
    {
        var models = Responses.ToModels(JsonSerializer.Deserialize("""{"data":[{"name":"nanobanan2&pro","displayName":"Nano Banana Pro","creditsCost":3,"supportsImageInput":true,"supportsAspectRatio":true,"requiresPro":true,"description":"x"}]}""", ApiJsonContext.Default.ModelsResponse));

        var m = Assert.Single(models);
        Assert.Equal(("nanobanan2&pro", "Nano Banana Pro", 3, true, "x"), (m.Name, m.DisplayName, m.CreditsCost, m.RequiresPro, m.Description));
        Assert.Throws<NbApiException>(() => Responses.ToModels(JsonSerializer.Deserialize("""{"data":[{"displayName":"x","creditsCost":1}]}""", ApiJsonContext.Default.ModelsResponse)));
        Assert.Throws<NbApiException>(() => Responses.ToModels(JsonSerializer.Deserialize("""{"data":[{"name":"x"}]}""", ApiJsonContext.Default.ModelsResponse)));
        Assert.Throws<NbApiException>(() => Responses.ToModels(JsonSerializer.Deserialize("""{"models":[]}""", ApiJsonContext.Default.ModelsResponse)));
    }
}
