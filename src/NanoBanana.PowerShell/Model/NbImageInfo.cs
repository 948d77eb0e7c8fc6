using System;

namespace NanoBanana;

/// <summary>
/// An image file as Get-NbImageInfo reads it: its format and size from the header, and what made it from the
/// module's metadata (embedded XMP or a &lt;file&gt;.json sidecar). The provenance properties are null for a file
/// without the module's metadata.
/// </summary>
public sealed class NbImageInfo
{
    /// <summary>The file's full path.</summary>
    public string Path { get; set; } = "";

    /// <summary>PNG, JPEG, WebP or GIF, from the file's bytes.</summary>
    public string Format { get; set; } = "";

    /// <summary>The width in pixels.</summary>
    public int Width { get; set; }

    /// <summary>The height in pixels.</summary>
    public int Height { get; set; }

    /// <summary>The file's size in bytes.</summary>
    public long Length { get; set; }

    /// <summary>The prompt that made the image.</summary>
    public string? Prompt { get; set; }

    /// <summary>The model asked for (empty or null when the service's default was used or it is unknown).</summary>
    public string? Model { get; set; }

    /// <summary>The generation the image came from.</summary>
    public string? GenerationId { get; set; }

    /// <summary>The aspect ratio asked for.</summary>
    public string? AspectRatio { get; set; }

    /// <summary>When the generation was created.</summary>
    public DateTimeOffset? CreatedAt { get; set; }

    /// <summary>Credits the generation was charged.</summary>
    public int? CreditsUsed { get; set; }

    /// <summary>The reference images of the generation: URLs, file names, data: URLs as type and size.</summary>
    public string[]? ReferenceImages { get; set; }

    /// <summary>The module (name and version) that saved the file, such as "NanoBanana 0.1.0".</summary>
    public string? CreatedBy { get; set; }

    /// <inheritdoc/>
    public override string ToString() => Path;
}
