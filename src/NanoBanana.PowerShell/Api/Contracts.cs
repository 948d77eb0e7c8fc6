using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace NanoBanana.Api;

// The wire shapes of the API (api-contract.md A2-A7). Every field is optional here; Responses.cs checks what
// must be present and turns the shapes into the module's types.

internal sealed class ModelsResponse
{
    public List<ModelDto?>? Data { get; set; }
}

internal sealed class ModelDto
{
    public string? Name { get; set; }

    public string? DisplayName { get; set; }

    public int? CreditsCost { get; set; }

    public bool? SupportsImageInput { get; set; }

    public bool? SupportsAspectRatio { get; set; }

    public bool? RequiresPro { get; set; }

    public string? Description { get; set; }
}

internal sealed class CreditsResponse
{
    public CreditsDto? Data { get; set; }
}

internal sealed class CreditsDto
{
    public int? Credits { get; set; }
}

internal sealed class GenerateRequestDto
{
    public string Prompt { get; set; } = "";

    public string? SelectedModel { get; set; }

    public List<string>? ReferenceImageUrls { get; set; }

    public string? AspectRatio { get; set; }

    public string? Mode { get; set; }
}

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

internal sealed class GenerationResponse
{
    public GenerationDto? Data { get; set; }
}

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

internal sealed class StreamEventDto
{
    public string? Type { get; set; }

    public string? Message { get; set; }

    public double? Progress { get; set; }

    public string? GenerationId { get; set; }

    public GenerateResponse? Data { get; set; }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    PropertyNameCaseInsensitive = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ModelsResponse))]
[JsonSerializable(typeof(CreditsResponse))]
[JsonSerializable(typeof(GenerateRequestDto))]
[JsonSerializable(typeof(GenerateResponse))]
[JsonSerializable(typeof(GenerationResponse))]
[JsonSerializable(typeof(StreamEventDto))]
internal sealed partial class ApiJsonContext : JsonSerializerContext
{
}
