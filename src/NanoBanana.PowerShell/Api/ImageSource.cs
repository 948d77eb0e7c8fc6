using System;

namespace NanoBanana.Api;

/// <summary>An image to download, and the generation it belongs to when known.</summary>
internal sealed record ImageSource(Uri Url, string? GenerationId, int Index, DateTimeOffset? ExpiresAt)
{
    /// <summary>The generation the image came from, when it was piped whole: what its saved file records.</summary>
    public NbGeneration? Generation { get; init; }

    /// <summary>The file name it is saved under, without extension.</summary>
    public string Stem =>
        GenerationId is { Length: > 0 } id ? FileNames.ForGeneration(id, Index) : FileNames.ForUrl(Url);

    /// <summary>
    /// What the saved file records: everything the generation says when it is known, else what the image itself says
    /// (its generation id, index and source URL).
    /// </summary>
    public ImageProvenance Provenance => new()
    {
        Prompt = Generation?.Prompt,
        Model = Generation?.Model is { Length: > 0 } model ? model : null,
        GenerationId = GenerationId is { Length: > 0 } id ? id : null,
        AspectRatio = Generation?.AspectRatio is { Length: > 0 } ratio ? ratio : null,
        CreatedAt = Generation?.CreatedAt,
        CreditsUsed = Generation?.CreditsUsed,
        ReferenceImages = Generation?.ReferenceImages,
        ImageIndex = Index,
        SourceUrl = ApiErrors.WithoutQuery(Url),
        CreatedBy = ImageProvenance.Module,
    };
}
