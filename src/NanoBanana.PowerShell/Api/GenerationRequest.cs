using System.Collections.Generic;
using System.Linq;

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

    /// <summary>The references as people may see them: URLs as they are, data: URLs by type and size.</summary>
    public string[] DescribeReferences() =>
        [.. ReferenceImageUrls.Select(url => DataUrl.IsDataUrl(url) ? DataUrl.Describe(url) : url)];

    /// <summary>Fills in what was asked where the record says nothing (GET /generate has no aspect ratio).</summary>
    public NbGeneration Describe(NbGeneration generation)
    {
        generation.Prompt ??= Prompt;
        generation.Model ??= Model;
        generation.AspectRatio ??= AspectRatio;
        generation.ReferenceImages ??= DescribeReferences();
        return generation;
    }

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
