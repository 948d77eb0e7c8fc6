using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;

namespace NanoBanana.Commands;

/// <summary>
/// Work posted from any thread for the pipeline thread of a cmdlet, the only thread that may call its Write*
/// methods. The pipeline thread runs it while it waits (<see cref="Pump"/>).
/// </summary>
internal sealed class PipelineQueue : IDisposable
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(200);
    private readonly BlockingCollection<Action> work = [];
    private readonly List<Task> running = [];

    /// <summary>
    /// Queues an action; safe from any thread, also once the command has ended, when the action is dropped (nobody
    /// could write it any more) instead of failing the task that posted it.
    /// </summary>
    public void Post(Action action)
    {
        try
        {
            work.Add(action);
        }
        catch (Exception e) when (e is InvalidOperationException or ObjectDisposedException)
        {
            // Added after CompleteAdding or Dispose: the command has ended.
        }
    }

    /// <summary>Wakes the pipeline thread when <paramref name="task"/> ends, so it sees at once that it did.</summary>
    public void WakeWhenDone(Task task) => task.ContinueWith(_ => Post(static () => { }), TaskScheduler.Default);

    /// <summary>
    /// Runs what is posted until <paramref name="done"/> says so, calling <paramref name="onTick"/> at once and then
    /// about five times a second; then runs what was posted and has not run yet.
    /// </summary>
    public void Pump(Func<bool> done, Action<TimeSpan>? onTick)
    {
        var clock = Stopwatch.StartNew();
        var lastTick = TimeSpan.Zero;
        onTick?.Invoke(TimeSpan.Zero);
        while (!done())
        {
            if (work.TryTake(out var action, Tick))
            {
                action();
            }

            if (onTick is not null && clock.Elapsed - lastTick >= Tick)
            {
                lastTick = clock.Elapsed;
                onTick(clock.Elapsed);
            }
        }

        while (work.TryTake(out var action))
        {
            action();
        }
    }

    /// <summary>Keeps a task that runs beside the pipeline thread; see <see cref="PumpWhileRunning"/>.</summary>
    public void Track(Task task)
    {
        WakeWhenDone(task);
        running.Add(task);
    }

    /// <summary>
    /// Runs what is posted until fewer than <paramref name="limit"/> tracked tasks run (0: until none does). A task's
    /// unexpected exception surfaces here; a task cancelled because the pipeline stopped stops it.
    /// </summary>
    public void PumpWhileRunning(int limit, Action<TimeSpan>? onTick, CancellationToken stopToken) =>
        Pump(
            () =>
            {
                running.RemoveAll(t => t.IsCompleted && Rethrow(t, stopToken));
                return running.Count < Math.Max(1, limit);
            },
            onTick);

    /// <summary>Stops accepting work and releases the queue.</summary>
    public void Dispose()
    {
        work.CompleteAdding();
        work.Dispose();
    }

    private static bool Rethrow(Task task, CancellationToken stopToken)
    {
        var cancelled = task.Exception?.GetBaseException() is OperationCanceledException;
        if (task.IsCanceled || (cancelled && stopToken.IsCancellationRequested))
        {
            throw new PipelineStoppedException();
        }

        task.GetAwaiter().GetResult();
        return true;
    }
}
