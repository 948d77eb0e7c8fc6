using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using NanoBanana.Api;

namespace NanoBanana.Commands;

/// <summary>
/// The base of every cmdlet: Ctrl+C (StopProcessing) cancels <see cref="StopToken"/>; async work runs beside the
/// pipeline thread, which meanwhile writes whatever the work posted (only the pipeline thread may call Write*);
/// API failures become error records.
/// </summary>
public abstract class NbCmdlet : PSCmdlet, IDisposable
{
    private readonly CancellationTokenSource stopping = new();
    private readonly PipelineQueue pipelineWork = new();
    private bool disposed;

    /// <summary>Cancelled when the user presses Ctrl+C or the pipeline stops.</summary>
    protected CancellationToken StopToken => stopping.Token;

    /// <summary>Whether -WhatIf is in effect, given or by $WhatIfPreference.</summary>
    internal bool IsWhatIf =>
        MyInvocation.BoundParameters.TryGetValue("WhatIf", out var whatIf)
            ? whatIf is SwitchParameter { IsPresent: true }
            : LanguagePrimitives.IsTrue(GetVariableValue("WhatIfPreference"));

    /// <summary>Queues an action (a Write* call) for the pipeline thread; safe from any thread.</summary>
    internal void Post(Action action) => pipelineWork.Post(action);

    /// <summary>Queues a verbose message for the pipeline thread.</summary>
    protected void PostVerbose(string message) => Post(() => WriteVerbose(message));

    /// <summary>
    /// Runs <paramref name="work"/> and blocks the pipeline thread until it ends, meanwhile running what it posts and
    /// calling <paramref name="onTick"/> at once and then about five times a second (e.g. to show elapsed time).
    /// Ctrl+C cancels the work and stops the pipeline.
    /// </summary>
    protected T Run<T>(Func<CancellationToken, Task<T>> work, Action<TimeSpan>? onTick = null)
    {
        var task = Task.Run(() => work(StopToken), StopToken);
        pipelineWork.WakeWhenDone(task);
        pipelineWork.Pump(() => task.IsCompleted, onTick);
        try
        {
            return task.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (StopToken.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
    }

    /// <summary>Starts an operation beside the others; it reports only by <see cref="Post"/>. See <see cref="WaitForRunning"/>.</summary>
    protected void Start(Func<CancellationToken, Task> work)
    {
        var task = Task.Run(() => work(StopToken), StopToken);
        pipelineWork.Track(task);
    }

    /// <summary>
    /// Starts an operation beside the others; its result goes to <paramref name="onDone"/>, its failure to
    /// <paramref name="onFailed"/>, both on the pipeline thread. Any other exception than an API failure or Ctrl+C
    /// becomes one by <paramref name="unexpected"/>, so one operation's bug never strands the others.
    /// </summary>
    internal void Start<T>(
        Func<CancellationToken, Task<T>> work, Action<T> onDone,
        Action<NbApiException> onFailed, Func<Exception, NbApiException> unexpected) =>
        Start(async ct =>
        {
            try
            {
                var result = await work(ct).ConfigureAwait(false);
                Post(() => onDone(result));
            }
            catch (NbApiException e)
            {
                Post(() => onFailed(e));
            }
            catch (Exception e) when (!(e is OperationCanceledException && ct.IsCancellationRequested))
            {
                Post(() => onFailed(unexpected(e)));
            }
        });

    /// <summary>
    /// Writes what the running operations post until fewer than <paramref name="limit"/> run (0: until none does),
    /// calling <paramref name="onTick"/> meanwhile. An operation's unexpected exception surfaces here.
    /// </summary>
    internal void WaitForRunning(int limit, Action<TimeSpan>? onTick = null)
    {
        pipelineWork.PumpWhileRunning(limit, onTick, StopToken);
    }

    /// <summary>Writes an API failure as a non-terminating error, or terminates when nothing else can succeed (401, 402, 403).</summary>
    internal void WriteApiError(NbApiException exception, object? target)
    {
        var record = ErrorRecords.From(exception, target);
        if (ErrorRecords.IsFatal(exception.Kind))
        {
            ThrowTerminatingError(record);
        }

        WriteError(record);
    }

    /// <inheritdoc/>
    protected override void StopProcessing() => stopping.Cancel();

    /// <inheritdoc/>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the cancellation source and the posting queue.</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (!disposed && disposing)
        {
            stopping.Cancel();
            pipelineWork.Dispose();
            stopping.Dispose();
        }

        disposed = true;
    }
}
