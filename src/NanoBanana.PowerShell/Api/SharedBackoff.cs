using System;
using System.Threading;
using System.Threading.Tasks;

namespace NanoBanana.Api;

/// <summary>
/// One pause for a whole batch: when the service answers "busy" (429, 503) to any request, every request of the
/// batch waits until the pause is over instead of each worker hammering the service on its own schedule.
/// </summary>
internal sealed class SharedBackoff
{
    private static readonly Random Jitter = new();

    // A monotonic clock: the pause must not stretch or vanish when the system clock is set.
    private static readonly System.Diagnostics.Stopwatch Clock = System.Diagnostics.Stopwatch.StartNew();
    private long resumeAtTicks;
    private long pauseTicks;

    /// <summary>Extends the pause to at least <paramref name="delay"/> from now.</summary>
    public void PauseFor(TimeSpan delay)
    {
        Interlocked.Exchange(ref pauseTicks, delay.Ticks);
        var resumeAt = (Clock.Elapsed + delay).Ticks;
        long current;
        while ((current = Interlocked.Read(ref resumeAtTicks)) < resumeAt
            && Interlocked.CompareExchange(ref resumeAtTicks, resumeAt, current) != current)
        {
        }
    }

    /// <summary>How long a request must still wait.</summary>
    public TimeSpan Remaining =>
        TimeSpan.FromTicks(Math.Max(0, Interlocked.Read(ref resumeAtTicks) - Clock.Elapsed.Ticks));

    /// <summary>Waits out the pause, plus a random part of up to a quarter of it, so the batch does not resubmit all at once.</summary>
    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        var paused = false;
        for (var wait = Remaining; wait > TimeSpan.Zero; wait = Remaining)
        {
            paused = true;
            await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
        }

        if (paused)
        {
            double share;
            lock (Jitter)
            {
                share = Jitter.NextDouble() / 4;
            }

            await Task.Delay(TimeSpan.FromTicks((long)(Interlocked.Read(ref pauseTicks) * share)), cancellationToken)
                .ConfigureAwait(false);
        }
    }
}
