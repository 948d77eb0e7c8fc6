using System.Collections.Generic;

namespace NanoBanana.Api;

/// <summary>
/// The state of a batch from its journal's records: for each request and occurrence, the last intent and the last
/// outcome, and from them the step (<see cref="StepOf"/>). Counts the occurrences of each request as the batch
/// meets them again, so the same prompt twice is two images. Not thread-safe: the pipeline thread plans.
/// </summary>
internal sealed class JournalLedger
{
    private readonly Dictionary<(string Request, int Occurrence), (JournalRecord? Intent, JournalRecord? Outcome)> slots
        = [];

    private readonly Dictionary<string, int> met = [];

    public JournalLedger(IEnumerable<JournalRecord> records)
    {
        foreach (var record in records)
        {
            Apply(record);
        }
    }

    /// <summary>Takes in one record: an intent starts a new attempt, an outcome ends the latest one.</summary>
    public void Apply(JournalRecord record)
    {
        var key = (record.Request, record.Occurrence);
        slots.TryGetValue(key, out var slot);
        slots[key] = record.Event == JournalRecord.Intent ? (record, null) : (slot.Intent, record);
    }

    /// <summary>The next occurrence of <paramref name="request"/> in this batch, and what to do with it.</summary>
    public JournalEntry Next(string request)
    {
        met.TryGetValue(request, out var count);
        met[request] = ++count;
        slots.TryGetValue((request, count), out var slot);
        return new JournalEntry(request, count, StepOf(slot.Intent, slot.Outcome), slot.Intent, slot.Outcome);
    }

    /// <summary>
    /// Nothing recorded, or an attempt that produced nothing (failed, rejected, refused): submit. Completed: done.
    /// Taken with an id but not finished: follow. Sent without a recorded answer, or an answer that could not say
    /// whether the service took it: unknown.
    /// </summary>
    public static JournalStep StepOf(JournalRecord? intent, JournalRecord? outcome)
    {
        if (outcome is null)
        {
            return intent is null ? JournalStep.Submit : JournalStep.Unknown;
        }

        return outcome.Status switch
        {
            JournalStatus.Completed when outcome.GenerationId is not null => JournalStep.Done,
            JournalStatus.Processing when outcome.GenerationId is not null => JournalStep.Follow,
            JournalStatus.Failed or JournalStatus.Rejected or JournalStatus.Refused => JournalStep.Submit,
            _ => JournalStep.Unknown,
        };
    }
}
