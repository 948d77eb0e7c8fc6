using System;

namespace NanoBanana.Api;

/// <summary>
/// One line of a batch's journal (New-NbImage -Journal): the intent to submit a request, written and flushed to disk
/// before the POST, or what became of it. <see cref="Request"/> and <see cref="Occurrence"/> name the request within
/// the batch. Never the key, never a reference image's payload.
/// </summary>
internal sealed class JournalRecord
{
    /// <summary>An intent: the request is about to be sent.</summary>
    public const string Intent = "intent";

    /// <summary>An outcome: what the service answered, or that it surely took nothing.</summary>
    public const string Outcome = "outcome";

    /// <summary><see cref="Intent"/> or <see cref="Outcome"/>.</summary>
    public string Event { get; set; } = "";

    public DateTimeOffset Time { get; set; }

    /// <summary>The request's fingerprint (<see cref="RequestFingerprint"/>).</summary>
    public string Request { get; set; } = "";

    /// <summary>Which occurrence of the request in the batch this is, from 1: the same prompt twice is two images.</summary>
    public int Occurrence { get; set; }

    public string? Prompt { get; set; }

    public string? Model { get; set; }

    public string? AspectRatio { get; set; }

    public string? Mode { get; set; }

    /// <summary>The references as people see them: URLs, data: URLs by type and size, files by name, size and hash.</summary>
    public string[]? References { get; set; }

    /// <summary>The credits the intent expected to spend, when known.</summary>
    public int? Estimate { get; set; }

    public string? GenerationId { get; set; }

    /// <summary>An outcome's <see cref="JournalStatus"/>.</summary>
    public string? Status { get; set; }

    public int? CreditsUsed { get; set; }

    public string[]? ImageUrls { get; set; }

    public DateTimeOffset? CreatedAt { get; set; }

    public string? Message { get; set; }
}
