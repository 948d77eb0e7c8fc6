using System;

namespace NanoBanana.Api;

/// <summary>An image to download, and the generation it belongs to when known.</summary>
internal sealed record ImageSource(Uri Url, string? GenerationId, int Index, DateTimeOffset? ExpiresAt)
{
    /// <summary>The file name it is saved under, without extension.</summary>
    public string Stem =>
        GenerationId is { Length: > 0 } id ? FileNames.ForGeneration(id, Index) : FileNames.ForUrl(Url);
}
