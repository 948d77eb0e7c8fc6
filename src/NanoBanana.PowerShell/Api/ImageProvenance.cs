using System;

namespace NanoBanana.Api;

/// <summary>
/// What made a saved image, as Save-NbImage records it in the file (XMP) or beside it (a JSON sidecar): never a
/// data: URL's payload, never a signed URL's query, never the key. Unknown facts are null.
/// </summary>
internal sealed record ImageProvenance
{
    public string? Prompt { get; init; }

    public string? Model { get; init; }

    public string? GenerationId { get; init; }

    public string? AspectRatio { get; init; }

    public DateTimeOffset? CreatedAt { get; init; }

    public int? CreditsUsed { get; init; }

    public string[]? ReferenceImages { get; init; }

    /// <summary>The image's position in its generation, from 1.</summary>
    public int? ImageIndex { get; init; }

    /// <summary>The URL the image was downloaded from, without its query (signed URLs carry tokens there).</summary>
    public string? SourceUrl { get; init; }

    /// <summary>The module's name and version, "NanoBanana 0.1.0".</summary>
    public string? CreatedBy { get; init; }

    /// <summary>The module's name and version as recorded in <see cref="CreatedBy"/>.</summary>
    public static string Module => "NanoBanana " + HttpClients.ModuleVersion;
}
