using System;

namespace NanoBanana;

/// <summary>One image generation: what was asked, where it stands, what it cost and its images.</summary>
public sealed class NbGeneration
{
    /// <summary>The service's generation id (a 25-character CUID).</summary>
    public string Id { get; set; } = "";

    /// <summary>Processing, Completed, Failed or Rejected.</summary>
    public NbGenerationStatus Status { get; set; }

    /// <summary>
    /// The service's own word for the status, e.g. "queued" or "processing"; an unknown one counts as Processing.
    /// </summary>
    public string? ServiceStatus { get; set; }

    /// <summary>The prompt.</summary>
    public string? Prompt { get; set; }

    /// <summary>The model asked for (the service's default when empty).</summary>
    public string? Model { get; set; }

    /// <summary>The aspect ratio asked for: the service's default when empty; unknown when read by id.</summary>
    public string? AspectRatio { get; set; }

    /// <summary>
    /// The reference images asked for: their URLs, the names of local files, and data: URLs as their type and size
    /// (for example "data:image/png (12345 bytes)"), never their content. Null when unknown (read by id).
    /// </summary>
    public string[]? ReferenceImages { get; set; }

    /// <summary>The generated images; empty until the generation completes.</summary>
    public NbImage[] Images { get; set; } = [];

    /// <summary>Credits this generation was charged.</summary>
    public int? CreditsUsed { get; set; }

    /// <summary>The account's balance after the charge, when the service reported it.</summary>
    public int? RemainingCredits { get; set; }

    /// <summary>When the generation was created.</summary>
    public DateTimeOffset? CreatedAt { get; set; }

    /// <summary>The service's message: the failure or rejection reason, or the async submission note.</summary>
    public string? Message { get; set; }

    /// <summary>
    /// The files Save-NbImage saved this generation's images to, as the history recorded them (Get-NbHistory); empty
    /// otherwise.
    /// </summary>
    public string[] SavedTo { get; set; } = [];

    /// <inheritdoc/>
    public override string ToString() => Id;

    /// <summary>Fills in, from an earlier record of this generation, what this one leaves out.</summary>
    internal NbGeneration CompletedFrom(NbGeneration earlier)
    {
        Prompt ??= earlier.Prompt;
        Model ??= earlier.Model;
        AspectRatio ??= earlier.AspectRatio;
        ReferenceImages ??= earlier.ReferenceImages;
        return this;
    }
}
