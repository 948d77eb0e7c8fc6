namespace NanoBanana.Api;

/// <summary>
/// One request of a batch as its journal sees it: the request's fingerprint, its occurrence in the batch, what to do
/// with it, and the last intent and outcome recorded for it.
/// </summary>
internal sealed record JournalEntry(
    string Request,
    int Occurrence,
    JournalStep Step,
    JournalRecord? Intent,
    JournalRecord? Outcome)
{
    /// <summary>The generation id the journal knows, for <see cref="JournalStep.Done"/> and <see cref="JournalStep.Follow"/>.</summary>
    public string? GenerationId => Outcome?.GenerationId;
}
