using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
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
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(200);
    private readonly CancellationTokenSource stopping = new();
    private readonly BlockingCollection<Action> pipelineWork = [];
    private readonly List<Task> running = [];
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
        var task = Task.Run(() => work(StopToken), StopToken);
        WakeWhenDone(task);
        Pump(() => task.IsCompleted, onTick);
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
        WakeWhenDone(task);
        running.Add(task);
    }

    /// <summary>
    /// Writes what the running operations post until fewer than <paramref name="limit"/> run (0: until none does),
    /// calling <paramref name="onTick"/> meanwhile. An operation's unexpected exception surfaces here.
    /// </summary>
    protected void WaitForRunning(int limit, Action<TimeSpan>? onTick = null)
    {
        Pump(
            () =>
            {
                running.RemoveAll(t => t.IsCompleted && Rethrow(t));
                return running.Count < Math.Max(1, limit);
            },
            onTick);
    }

    /// <summary>Runs what background work posted and has not run yet.</summary>
    private void DrainPosted()
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
            stopping.Cancel();
            pipelineWork.CompleteAdding();
            pipelineWork.Dispose();
            stopping.Dispose();
        }

        disposed = true;
    }

    private void Pump(Func<bool> done, Action<TimeSpan>? onTick)
    {
        var clock = Stopwatch.StartNew();
        var lastTick = TimeSpan.Zero;
        onTick?.Invoke(TimeSpan.Zero);
        while (!done())
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
    }

    private void WakeWhenDone(Task task) => task.ContinueWith(_ => Post(static () => { }), TaskScheduler.Default);

    private bool Rethrow(Task task)
    {
        if (task.IsCanceled || (task.Exception?.GetBaseException() is OperationCanceledException && StopToken.IsCancellationRequested))
        {
            throw new PipelineStoppedException();
        }

        task.GetAwaiter().GetResult();
        return true;
    }
}
