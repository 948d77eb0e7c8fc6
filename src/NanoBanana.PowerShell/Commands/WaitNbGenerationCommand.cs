using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using NanoBanana.Api;

namespace NanoBanana.Commands;

/// <summary>
/// <para type="synopsis">Waits for generations to complete or fail.</para>
/// <para type="description">Polls all given generations together, one round of GET /generate?id= per interval, and emits each NanoBanana.NbGeneration as soon as it completes. A failed generation is reported as an NbGenerationFailed error with the service's reason. By default the first poll comes after 5 seconds and the next ones every 3 seconds, for at most 3 minutes, as the API's documentation advises; generations piped in that had already finished (a completed New-NbImage result, Get-NbHistory's) are read again at once.</para>
/// </summary>
[Cmdlet(VerbsLifecycle.Wait, "NbGeneration")]
[OutputType(typeof(NbGeneration))]
public sealed class WaitNbGenerationCommand : NbGenerationCmdlet
{
    private const int ActivityId = 7302;
    private readonly List<string> ids = [];

    /// <summary>
    /// <para type="description">Seconds between polls (also before the first). Without it: 5 s before the first poll, then 3 s.</para>
    /// </summary>
    [Parameter]
    [ValidateRange(0.05, 600)]
    public double? PollIntervalSec { get; set; }

    /// <summary>-TimeoutSec is the deadline of the whole wait, as the API's documentation advises.</summary>
    internal override TimeSpan DefaultTimeout => GenerationWaiter.DefaultTimeout;

    /// <summary>Each poll has the usual deadline of one request.</summary>
    internal override TimeSpan RequestTimeout => RequestOptions.DefaultTimeout;

    /// <inheritdoc/>
    protected override void ProcessRecord() => ids.AddRange(AcceptedIds());

    /// <inheritdoc/>
    protected override void EndProcessing()
    {
        var pending = new HashSet<string>(ids, StringComparer.Ordinal);
        if (pending.Count == 0)
        {
            return;
        }

        var progress = new ProgressBar(this, ActivityId, $"Waiting for {pending.Count} generation(s)");
        try
        {
            WaitAll(pending, progress);
            if (pending.Count > 0)
            {
                var message = $"Timed out after {TimeoutSec} s; still processing: {string.Join(", ", pending)}. They " +
                    "may still finish: run Wait-NbGeneration again, or look with Get-NbGeneration.";
                WriteApiError(new NbApiException(NbErrorKind.Timeout, message), pending.ToArray());
            }
        }
        catch (NbApiException e)
        {
            WriteApiError(e, pending.ToArray());
        }
        finally
        {
            progress.Complete();
        }
    }

    /// <summary>Polls until every generation in <paramref name="pending"/> finished (and left it) or -TimeoutSec passed.</summary>
    private void WaitAll(HashSet<string> pending, ProgressBar progress)
    {
        var client = CreateClient();
        var interval = PollIntervalSec is { } seconds
            ? TimeSpan.FromSeconds(seconds) : GenerationWaiter.DefaultInterval;
        var firstPoll = PollIntervalSec is not null ? interval
            : AllPipedFinished(pending) ? TimeSpan.Zero
            : GenerationWaiter.DefaultFirstPoll;
        var round = new WaitProgress(0, pending.Count);
        Run<bool>(
            async ct =>
            {
                using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
                deadline.CancelAfter(TimeSpan.FromSeconds(TimeoutSec));
                try
                {
                    await new GenerationWaiter(client).WaitAllAsync(
                        [.. pending],
                        firstPoll,
                        interval,
                        g => Post(() => Finished(WithWhatWasPiped(g), pending)),
                        (id, e) => Post(() => { pending.Remove(id); WriteApiError(e, id); }),
                        r => Post(() => round = r),
                        deadline.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    return false;
                }

                return true;
            },
            elapsed => progress.Update(
                $"{round.Finished} of {round.Total} finished ({elapsed.TotalSeconds:0} " +
                $"s){(round.ServiceSays is { } word ? $"; {word}" : "")}",
                round.Total == 0 ? -1 : 100 * round.Finished / round.Total));
    }

    private void Finished(NbGeneration generation, HashSet<string> pending)
    {
        pending.Remove(generation.Id);
        Session.Remember(generation.Id);
        History.Finished(generation);
        if (generation.Status == NbGenerationStatus.Completed)
        {
            WriteObject(generation);
            return;
        }

        WriteApiError(ApiErrors.GenerationFailed(generation), generation);
    }
}
