using System.Collections.Generic;

namespace NanoBanana.Api;

/// <summary>
/// The state of a batch from its journal's records (history records whose entry id names a request and its
/// occurrence, <see cref="JournalEntry.Key"/>): for each, the last intent and the last answer, and from them the step
/// (<see cref="StepOf"/>). Counts the occurrences of each request as the batch meets them again, so the same prompt
/// twice is two images. Not thread-safe: the pipeline thread plans.
/// </summary>
internal sealed class JournalLedger
{
    private readonly Dictionary<string, (HistoryRecord? Intent, HistoryRecord? Outcome)> slots = [];
    private readonly Dictionary<string, int> met = [];

    public JournalLedger(IEnumerable<HistoryRecord> records)
    {
        foreach (var record in records)
        {
            Apply(record);
        }
    }

    /// <summary>Takes in one record: an intent starts a new attempt, an outcome or a failure answers the latest one.</summary>
    public void Apply(HistoryRecord record)
    {
        if (record.Entry is not { } key)
        {
            return;
        }

        slots.TryGetValue(key, out var slot);
        slots[key] = record.Type == HistoryRecord.IntentType ? (record, null) : (slot.Intent, record);
    }

    /// <summary>The next occurrence of <paramref name="request"/> in this batch, and what to do with it.</summary>
    public JournalEntry Next(string request)
    {
        met.TryGetValue(request, out var count);
        met[request] = ++count;
        slots.TryGetValue(JournalEntry.Key(request, count), out var slot);
        return new JournalEntry(request, count, StepOf(slot.Intent, slot.Outcome), slot.Intent, slot.Outcome);
    }

    /// <summary>
    /// Nothing recorded, or an attempt that produced nothing (failed, rejected, refused without a charge): submit.
    /// Completed: done. Taken and known by id, not finished: follow. Sent without a recorded answer, or answered by
    /// an error that cannot say whether the service took it: unknown.
    /// </summary>
    public static JournalStep StepOf(HistoryRecord? intent, HistoryRecord? answer)
    {
        if (answer is null)
        {
            return intent is null ? JournalStep.Submit : JournalStep.Unknown;
        }

        if (answer.Type == HistoryRecord.FailureType)
        {
            return answer.Error == "Nb" + NbErrorKind.GenerationFailed ? JournalStep.Submit
                : answer.Id is not null ? JournalStep.Follow
                : answer.Credits == 0 ? JournalStep.Submit
                : JournalStep.Unknown;
        }

        return answer.Status switch
        {
            nameof(NbGenerationStatus.Completed) when answer.Id is not null => JournalStep.Done,
            nameof(NbGenerationStatus.Processing) when answer.Id is not null => JournalStep.Follow,
            nameof(NbGenerationStatus.Failed) or nameof(NbGenerationStatus.Rejected) => JournalStep.Submit,
            _ => JournalStep.Unknown,
        };
    }
}
