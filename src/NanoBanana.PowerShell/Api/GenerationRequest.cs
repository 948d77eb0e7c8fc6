using System.Collections.Generic;

namespace NanoBanana.Api;

/// <summary>The API's three ways to run a generation.</summary>
public enum GenerationMode
{
    /// <summary>One request that returns when the image is done.</summary>
    Sync,

    /// <summary>Server-sent progress events, then the result.</summary>
    Stream,

    /// <summary>Returns at once; the result is polled with <c>GET /generate?id=</c>.</summary>
    Async,
}

/// <summary>What to generate.</summary>
internal sealed class GenerationRequest
{
    public GenerationRequest(string prompt) => Prompt = prompt;

    public string Prompt { get; }

    public string? Model { get; set; }

    public IReadOnlyList<string> ReferenceImageUrls { get; set; } = [];

    public string? AspectRatio { get; set; }

    public GenerationMode Mode { get; set; }

    /// <summary>The body as the official CLI sends it: only the fields that are set, no mode for sync.</summary>
    public GenerateRequestDto ToDto() => new()
    {
        Prompt = Prompt,
        SelectedModel = string.IsNullOrEmpty(Model) ? null : Model,
        ReferenceImageUrls = ReferenceImageUrls.Count == 0 ? null : [.. ReferenceImageUrls],
        AspectRatio = string.IsNullOrEmpty(AspectRatio) ? null : AspectRatio,
        Mode = Mode switch
        {
            GenerationMode.Stream => "stream",
            GenerationMode.Async => "async",
            _ => null,
        },
    };
}
