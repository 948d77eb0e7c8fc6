using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using NanoBanana.Api;

namespace NanoBanana.Commands;

/// <summary>
/// The base of every cmdlet: Ctrl+C (StopProcessing) cancels <see cref="StopToken"/>, async work runs while the
/// pipeline thread writes what background code posted, and API failures become error records.
/// </summary>
public abstract class NbCmdlet : PSCmdlet, IDisposable
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(200);
    private readonly CancellationTokenSource stopping = new();
    private readonly BlockingCollection<Action> pipelineWork = [];
    private bool disposed;

    /// <summary>Cancelled when the user presses Ctrl+C or the pipeline stops.</summary>
    protected CancellationToken StopToken => stopping.Token;

    /// <summary>Queues an action (a Write* call) for the pipeline thread; safe from any thread.</summary>
    protected void Post(Action action)
    {
        if (!pipelineWork.IsAddingCompleted)
        {
            pipelineWork.Add(action);
        }
    }

    /// <summary>Queues a verbose message for the pipeline thread.</summary>
    protected void PostVerbose(string message) => Post(() => WriteVerbose(message));

    /// <summary>
    /// Runs <paramref name="work"/> and blocks the pipeline thread until it ends, meanwhile running what it posts and
    /// calling <paramref name="onTick"/> at once and then about five times a second (e.g. to show elapsed time).
    /// Ctrl+C cancels the work and stops the pipeline.
    /// </summary>
    protected T Run<T>(Func<CancellationToken, Task<T>> work, Action<TimeSpan>? onTick = null)
    {
        var clock = Stopwatch.StartNew();
        var task = Task.Run(() => work(StopToken), StopToken);
        task.ContinueWith(_ => Post(static () => { }), TaskScheduler.Default);
        var lastTick = TimeSpan.Zero;
        onTick?.Invoke(TimeSpan.Zero);
        while (!task.IsCompleted)
        {
            if (pipelineWork.TryTake(out var action, Tick))
            {
                action();
            }

            if (onTick is not null && clock.Elapsed - lastTick >= Tick)
            {
                lastTick = clock.Elapsed;
                onTick(clock.Elapsed);
            }
        }

        DrainPosted();
        try
        {
            return task.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (StopToken.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
    }

    /// <summary>Runs what background work posted and has not run yet.</summary>
    protected void DrainPosted()
    {
        while (pipelineWork.TryTake(out var action))
        {
            action();
        }
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
            pipelineWork.CompleteAdding();
            pipelineWork.Dispose();
            stopping.Dispose();
        }

        disposed = true;
    }
}
