using System;
using System.IO;
using System.Threading;
using NanoBanana.Api;

namespace NanoBanana.Commands;

/// <summary>
/// New-NbImage's submissions, on the pipeline thread: each take of a request is submitted, or, by the -Journal, emitted
/// again, followed by id, or reported as of unknown outcome. The journal's intent is on disk before the POST.
/// </summary>
internal sealed class GenerationRunner
{
    private readonly NewNbImageCommand cmdlet;
    private readonly NbApiClient client;
    private readonly GenerationBatch batch;
    private readonly CostGuard costs;
    private readonly BatchJournal? journal;
    private readonly JournalTally tally = new();
    private readonly JournalResume? resume;
    private readonly HistoryRecorder history;

    public GenerationRunner(NewNbImageCommand cmdlet, NbApiClient client, CostGuard costs, BatchJournal? journal)
    {
        batch = new GenerationBatch(cmdlet, costs, cmdlet.ThrottleLimit);
        this.costs = costs;
        this.cmdlet = cmdlet;
        this.client = client;
        this.journal = journal;
        history = new HistoryRecorder(cmdlet, cmdlet.NoHistory);
        resume = journal is null ? null : new JournalResume(cmdlet, client, batch, journal, history, Record);
    }

    /// <summary>Runs -Count takes of the request, each a generation of its own.</summary>
    public void Run(GenerationRequest request)
    {
        for (var take = 1; take <= cmdlet.Count; take++)
        {
            RunOne(take == 1 ? request : request.Take());
        }
    }

    /// <summary>Writes what is left, then the -WhatIf totals.</summary>
    public void End() =>
        batch.End(journal is not null && cmdlet.IsWhatIf ? tally.Summary(journal.Path, costs.WhatIfCredits) : null);

    private void RunOne(GenerationRequest request)
    {
        JournalEntry? entry;
        try
        {
            entry = journal?.Plan(request);
        }
        catch (NbApiException e)
        {
            cmdlet.WriteApiError(e, request.Prompt);
            return;
        }

        var step = entry?.Step is JournalStep.Unknown && cmdlet.ResubmitUnknown ? JournalStep.Submit : entry?.Step;
        tally.Count(step, cmdlet.IsWhatIf);
        switch (step)
        {
            case JournalStep.Done or JournalStep.Follow:
                resume!.Resume(request, entry!);
                break;
            case JournalStep.Unknown:
                resume!.ReportUnknown(request, entry!);
                break;
            default:
                Submit(request, entry);
                break;
        }

        batch.WaitForRoom();
    }

    private void Submit(GenerationRequest request, JournalEntry? entry)
    {
        if (batch.Admit(request) is not { } reserved)
        {
            return;
        }

        if (entry is not null && !TryRecordIntent(request, entry, reserved))
        {
            return;
        }

        var idle = TimeSpan.FromSeconds(cmdlet.StreamIdleTimeoutSec);
        var (taken, recorded) = (0, history.Intent(request));
        cmdlet.Start(
            ct => client.GenerateAsync(
                request,
                cmdlet.Wait,
                idle,
                p =>
                {
                    if (p.GenerationId is { } id && Interlocked.Exchange(ref taken, 1) == 0)
                    {
                        Record(() => journal?.RecordTaken(entry!, id));
                        cmdlet.Post(() => history.Taken(recorded, id));
                    }

                    cmdlet.Post(() => batch.Update(request, p));
                },
                ct),
            generation =>
            {
                Record(() => journal?.RecordOutcome(entry!, generation));
                history.Outcome(recorded, generation);
                batch.Finished(request, reserved, generation);
            },
            e =>
            {
                Record(() => journal?.RecordFailure(entry!, e));
                history.Failure(recorded, e);
                batch.Failed(request, reserved, e);
            },
            e => ApiErrors.Unexpected(request, e));
    }

    /// <summary>Writes the intent; when it cannot, reports NbSaveFailed for the request and submits nothing.</summary>
    private bool TryRecordIntent(GenerationRequest request, JournalEntry entry, int reserved)
    {
        try
        {
            journal!.RecordIntent(entry, request);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            batch.Failed(request, reserved, journal!.Unwritable(request, e));
            return false;
        }
    }

    /// <summary>Writes a journal record from any thread; a failure is a warning, the generation goes on.</summary>
    private void Record(Action write)
    {
        try
        {
            write();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            cmdlet.Post(() => cmdlet.WriteWarning($"The journal '{journal?.Path}' could not be written: {e.Message}"));
        }
    }
}
