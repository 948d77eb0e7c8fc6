using System;

namespace NanoBanana.Api;

/// <summary>
/// One line of the history file. <see cref="Type"/> says which fields it has: an intent (written before the POST: the
/// request), an outcome (the service's answer, or a later state read by Wait-NbGeneration), a failure (the error id
/// and message), or a saved image (its file). Intent, outcome and failure share an <see cref="Entry"/>; outcomes
/// without one and saved images join their generation by <see cref="Id"/>. Never a key, never a data URL's payload.
/// </summary>
internal sealed class HistoryRecord
{
    public const string IntentType = "intent";
    public const string OutcomeType = "outcome";
    public const string FailureType = "failure";
    public const string SavedType = "saved";

    public string? Type { get; set; }

    /// <summary>The submission's own id, made before the POST.</summary>
    public string? Entry { get; set; }

    /// <summary>When the record was written (UTC).</summary>
    public DateTimeOffset? Time { get; set; }

    public string? Prompt { get; set; }

    public string? Model { get; set; }

    public string? AspectRatio { get; set; }

    public string? Mode { get; set; }

    /// <summary>Reference URLs, file names, and data: URLs as their type and size.</summary>
    public string[]? References { get; set; }

    /// <summary>The generation id.</summary>
    public string? Id { get; set; }

    public string? Status { get; set; }

    public int? Credits { get; set; }

    /// <summary>The account's balance after the generation, when the service said.</summary>
    public int? Remaining { get; set; }

    public string[]? Images { get; set; }

    public DateTimeOffset? CreatedAt { get; set; }

    /// <summary>A failure's error id, such as NbOutcomeUnknown.</summary>
    public string? Error { get; set; }

    public string? Message { get; set; }

    /// <summary>A saved image's position in its generation, from 1.</summary>
    public int? Index { get; set; }

    /// <summary>Where a saved image was written.</summary>
    public string? Path { get; set; }
}
