using System.Collections.Generic;

namespace NanoBanana.Api;

/// <summary>The sync success, the content-safety warning, the async submission and the 200 "busy" variant share one shape.</summary>
internal sealed class GenerateResponse
{
    public bool? Success { get; set; }

    public bool? Warning { get; set; }

    public bool? Async { get; set; }

    public string? GenerationId { get; set; }

    public List<string?>? ImageUrls { get; set; }

    public string? Message { get; set; }

    public string? Error { get; set; }

    public int? CreditsUsed { get; set; }

    public int? RemainingCredits { get; set; }
}
