using System;
using System.Threading;
using System.Threading.Tasks;
using NanoBanana.Api;

namespace NanoBanana.Commands;

/// <summary>
/// New-NbImage's requests that its journal already knows: a generation done is read again by id (the journal's copy,
/// with a warning, when the service cannot answer), one taken is followed to its end (its end goes to the history
/// too), both at no cost; one sent with no answer recorded is reported as NbOutcomeUnknown and not sent again.
/// </summary>
internal sealed class JournalResume
{
    private readonly NewNbImageCommand cmdlet;
    private readonly NbApiClient client;
    private readonly GenerationBatch batch;
    private readonly BatchJournal journal;
    private readonly HistoryRecorder history;
    private readonly Action<Action> record;

    public JournalResume(
        NewNbImageCommand cmdlet,
        NbApiClient client,
        GenerationBatch batch,
        BatchJournal journal,
        HistoryRecorder history,
        Action<Action> record)
    {
        this.cmdlet = cmdlet;
        this.client = client;
        this.batch = batch;
        this.journal = journal;
        this.history = history;
        this.record = record;
    }

    /// <summary>A generation the journal knows by id: read again (done) or polled to its end (followed), free.</summary>
    public void Resume(GenerationRequest request, JournalEntry entry)
    {
        var id = entry.GenerationId!;
        var action = entry.Step == JournalStep.Done
            ? $"Emit the generation {id} of \"{request.PromptPreview(60)}\" again: the journal shows it done, so it " +
                "costs nothing."
            : $"Follow the generation {id} of \"{request.PromptPreview(60)}\" to its end: the journal shows it " +
                "submitted, so it costs nothing.";
        if (!batch.AdmitFree(request, action))
        {
            return;
        }

        cmdlet.Start(
            ct => FollowAsync(request, entry, ct),
            generation =>
            {
                if (entry.Step == JournalStep.Follow)
                {
                    record(() => journal.RecordOutcome(entry, generation));
                    history.Finished(generation);
                }

                batch.Finished(request, null, generation);
            },
            e => batch.Failed(request, null, e),
            e => ApiErrors.Unexpected(request, e));
    }

    private async Task<NbGeneration> FollowAsync(GenerationRequest request, JournalEntry entry, CancellationToken ct)
    {
        try
        {
            var generation = await client.FollowAsync(
                entry.GenerationId!,
                TimeSpan.Zero,
                p => cmdlet.Post(() => batch.Update(request, p)),
                ct).ConfigureAwait(false);
            return request.Describe(generation);
        }
        catch (NbApiException e) when (entry.Step == JournalStep.Done)
        {
            cmdlet.Post(() => cmdlet.WriteWarning($"The generation {entry.GenerationId} of \"" +
                $"{request.PromptPreview(60)}\" could not be read again ({e.Message}); emitting the journal's copy, " +
                $"recorded {entry.Outcome!.Time:u}."));
            return request.Describe(BatchJournal.Copy(entry));
        }
    }

    /// <summary>Sent, with no answer recorded: it may have been charged, so it is reported, not sent again.</summary>
    public void ReportUnknown(GenerationRequest request, JournalEntry entry)
    {
        var take = entry.Occurrence > 1 ? $" (take {entry.Occurrence})" : "";
        var what = $"The journal '{journal.Path}' shows that \"{request.PromptPreview(60)}\"{take} was sent at " +
            $"{entry.Intent?.Time:u} and no answer was recorded (add -ResubmitUnknown to submit it again)";
        if (cmdlet.IsWhatIf)
        {
            batch.AdmitFree(request, $"Skip \"{request.PromptPreview(60)}\"{take}: its outcome is unknown, so it " +
                "would be reported as NbOutcomeUnknown and not submitted again.");
            return;
        }

        cmdlet.WriteApiError(ApiErrors.OutcomeUnknown(what, null), request.Prompt);
    }
}
