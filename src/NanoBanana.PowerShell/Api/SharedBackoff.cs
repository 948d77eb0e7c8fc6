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
    private long resumeAtTicks;

    /// <summary>Extends the pause to at least <paramref name="delay"/> from now.</summary>
    public void PauseFor(TimeSpan delay)
    {
        var resumeAt = DateTime.UtcNow.Add(delay).Ticks;
        long current;
        while ((current = Interlocked.Read(ref resumeAtTicks)) < resumeAt && Interlocked.CompareExchange(ref resumeAtTicks, resumeAt, current) != current)
        {
        }
    }

    /// <summary>How long a request must still wait.</summary>
    public TimeSpan Remaining => TimeSpan.FromTicks(Math.Max(0, Interlocked.Read(ref resumeAtTicks) - DateTime.UtcNow.Ticks));

    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        for (var wait = Remaining; wait > TimeSpan.Zero; wait = Remaining)
        {
            await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
        }
    }
}
