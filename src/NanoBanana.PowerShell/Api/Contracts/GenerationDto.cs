using System.Collections.Generic;

namespace NanoBanana.Api;

internal sealed class GenerationDto
{
    public string? Id { get; set; }

    public string? Prompt { get; set; }

    public List<string?>? OutputImageUrls { get; set; }

    public string? ModelUsed { get; set; }

    public string? ProcessingStatus { get; set; }

    public string? ErrorMessage { get; set; }

    public int? CreditsUsed { get; set; }

    public string? CreatedAt { get; set; }
}
