namespace NanoBanana.Api;

/// <summary>The outcomes a journal records, as written in its <see cref="JournalRecord.Status"/> field.</summary>
internal static class JournalStatus
{
    /// <summary>The service took the job and named it; it was not finished yet.</summary>
    public const string Processing = "processing";

    public const string Completed = "completed";

    public const string Failed = "failed";

    public const string Rejected = "rejected";

    /// <summary>The service surely took nothing (refused, busy, never sent).</summary>
    public const string Refused = "refused";

    /// <summary>The request may have been taken and charged, and nobody knows its id.</summary>
    public const string Unknown = "unknown";
}
