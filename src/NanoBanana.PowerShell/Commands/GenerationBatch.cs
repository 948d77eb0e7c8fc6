using System.Linq;
using System.Management.Automation;
using NanoBanana.Api;

namespace NanoBanana.Commands;

/// <summary>
/// New-NbImage's batch, on the pipeline thread: asks before spending, keeps the batch within its credits, shows
/// its progress, reports each outcome (no reservation: resumed, free), and ends the batch after a fatal failure.
/// </summary>
internal sealed class GenerationBatch
{
    private readonly NbCmdlet cmdlet;
    private readonly CostGuard costs;
    private readonly int throttleLimit;
    private readonly GenerationBatchProgress progress;
    private ErrorRecord? stoppedBy;

    public GenerationBatch(NbCmdlet cmdlet, CostGuard costs, int throttleLimit)
    {
        this.cmdlet = cmdlet;
        this.costs = costs;
        this.throttleLimit = throttleLimit;
        progress = new GenerationBatchProgress(cmdlet, throttleLimit, costs);
    }

    /// <summary>
    /// Asks (-WhatIf, -Confirm) and reserves the generation's cost; the credits reserved, or null when it is not to
    /// be submitted. Terminates the command when the batch may not spend that much.
    /// </summary>
    public int? Admit(GenerationRequest request)
    {
        var estimate = costs.Estimate(request);
        var action = request.DescribeGeneration(estimate.Explanation);
        if (!cmdlet.ShouldProcess(action, action, "Spend credits"))
        {
            if (cmdlet.IsWhatIf)
            {
                costs.CountWhatIf(estimate);
            }

            return null;
        }

        try
        {
            var reserved = costs.Reserve(request, estimate, () => cmdlet.WaitForRunning(0));
            progress.Begin(request);
            return reserved;
        }
        catch (NbApiException e)
        {
            stoppedBy = ErrorRecords.From(e, request.Prompt);
            StopIfFatal();
            throw;
        }
    }

    /// <summary>Asks (-WhatIf, -Confirm) before resuming a generation the journal knows (free); whether to.</summary>
    public bool AdmitFree(GenerationRequest request, string action)
    {
        var admitted = cmdlet.ShouldProcess(action, action, "Resume from the journal");
        if (admitted)
        {
            progress.Begin(request);
        }

        return admitted;
    }

    /// <summary>Called from any thread with the stream's or the wait's progress.</summary>
    public void Update(GenerationRequest request, StreamProgress latest) => progress.Update(request, latest);

    /// <summary>Writes what finished until fewer than the throttle limit run.</summary>
    public void WaitForRoom()
    {
        cmdlet.WaitForRunning(throttleLimit, _ => progress.Show());
        if (throttleLimit == 1)
        {
            progress.Complete();
        }

        StopIfFatal();
    }

    /// <summary>Writes what is left, then the -WhatIf totals.</summary>
    public void End(string? journalSummary)
    {
        cmdlet.WaitForRunning(0, _ => progress.Show());
        progress.Complete();
        StopIfFatal();
        foreach (var summary in new[] { costs.WhatIfSummary, journalSummary }.Where(s => s is not null))
        {
            cmdlet.WriteInformation(new HostInformationMessage { Message = summary }, ["PSHOST"]);
        }
    }

    public void Finished(GenerationRequest request, int? reserved, NbGeneration generation)
    {
        Settle(request, reserved, generation.CreditsUsed ?? reserved);
        NbSession.Current.Remember(generation.Id);
        if (generation.Status is NbGenerationStatus.Failed)
        {
            cmdlet.WriteApiError(ApiErrors.GenerationFailed(generation), generation);
            return;
        }

        if (generation.Status is NbGenerationStatus.Rejected)
        {
            cmdlet.WriteApiError(ApiErrors.ContentRejected(generation), generation);
        }

        cmdlet.WriteObject(generation);
    }

    public void Failed(GenerationRequest request, int? reserved, NbApiException failure)
    {
        Settle(request, reserved, CostGuard.ChargedFor(failure));
        if (failure.GenerationId is { } id)
        {
            NbSession.Current.Remember(id);
        }

        var record = ErrorRecords.From(failure, request.Prompt);
        if (ErrorRecords.IsFatal(failure.Kind))
        {
            stoppedBy ??= record;
            return;
        }

        cmdlet.WriteError(record);
    }

    private void Settle(GenerationRequest request, int? reserved, int? charged)
    {
        progress.End(request);
        NbSession.Current.AddCreditsUsed(reserved is { } credits ? costs.Settle(credits, charged) : 0);
    }

    /// <summary>After a failure no later generation could escape (key, balance, access), ends the batch once the generations already running have reported.</summary>
    private void StopIfFatal()
    {
        if (stoppedBy is not null)
        {
            cmdlet.WaitForRunning(0);
            progress.Complete();
            cmdlet.ThrowTerminatingError(stoppedBy);
        }
    }
}
