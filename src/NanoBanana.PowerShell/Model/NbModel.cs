namespace NanoBanana;

/// <summary>A model from the service's catalog (<c>GET /models</c>).</summary>
public sealed class NbModel
{
    /// <summary>The id to pass as <c>-Model</c>, e.g. <c>gemini-2.5-flash-image</c>.</summary>
    public string Name { get; set; } = "";

    /// <summary>The name the website shows.</summary>
    public string DisplayName { get; set; } = "";

    /// <summary>Credits one generation with this model costs, before reference-image surcharges.</summary>
    public int CreditsCost { get; set; }

    /// <summary>Whether the model accepts reference images (image-to-image).</summary>
    public bool SupportsImageInput { get; set; }

    /// <summary>Whether the model honours an aspect ratio.</summary>
    public bool SupportsAspectRatio { get; set; }

    /// <summary>Whether the model needs a Pro account.</summary>
    public bool RequiresPro { get; set; }

    /// <summary>The catalog's description of the model, when it has one.</summary>
    public string? Description { get; set; }

    /// <inheritdoc/>
    public override string ToString() => Name;
}
