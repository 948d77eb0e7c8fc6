namespace NanoBanana.Api;

/// <summary>
/// One request of a batch as its journal sees it: the request's fingerprint, its occurrence in the batch, what to do
/// with it, and the last intent and the last answer (outcome or failure) recorded for it. <see cref="Entry"/> is the
/// history entry id its records share.
/// </summary>
internal sealed record JournalEntry(
    string Request,
    int Occurrence,
    JournalStep Step,
    HistoryRecord? Intent,
    HistoryRecord? Outcome)
{
    public string Entry => Key(Request, Occurrence);

    /// <summary>The generation id the journal knows, for <see cref="JournalStep.Done"/> and <see cref="JournalStep.Follow"/>.</summary>
    public string? GenerationId => Outcome?.Id;

    /// <summary>The entry id of an occurrence of a request: the records of all its attempts share it.</summary>
    public static string Key(string request, int occurrence) => $"{request}-{occurrence}";
}
