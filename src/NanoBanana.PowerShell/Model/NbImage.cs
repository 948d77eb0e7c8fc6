using System;

namespace NanoBanana;

/// <summary>A generated image on the service's CDN. Its URL stops working 15 days after the generation.</summary>
public sealed class NbImage
{
    /// <summary>How long the service keeps generated images.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(15);

    /// <summary>Where the image can be downloaded.</summary>
    public Uri Url { get; set; } = null!;

    /// <summary>The image's position in its generation, from 1.</summary>
    public int Index { get; set; }

    /// <summary>The generation the image belongs to.</summary>
    public string GenerationId { get; set; } = "";

    /// <summary>When the URL stops working (creation + 15 days), when the creation time is known.</summary>
    public DateTimeOffset? ExpiresAt { get; set; }

    /// <inheritdoc/>
    public override string ToString() => Url.ToString();
}
