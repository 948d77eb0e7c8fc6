using System;
using System.Collections.Generic;
using System.Management.Automation;

namespace NanoBanana.Commands;

/// <summary>
/// The operations of a batch that are running, what each last reported, and the one progress bar that shows them.
/// Call it from the pipeline thread.
/// </summary>
internal abstract class BatchProgress<TKey, TState>
    where TKey : notnull
{
    private readonly Dictionary<TKey, TState> running = [];
    private readonly ProgressBar bar;

    protected BatchProgress(Cmdlet cmdlet, int activityId, string activity) =>
        bar = new ProgressBar(cmdlet, activityId, activity);

    /// <summary>Operations started so far.</summary>
    public int Started { get; private set; }

    /// <summary>Operations that ended and count as finished (see <see cref="End"/>).</summary>
    public int Finished { get; private set; }

    /// <summary>Operations running now.</summary>
    public int Running => running.Count;

    /// <summary>The running operations and their latest state.</summary>
    protected IEnumerable<KeyValuePair<TKey, TState>> InFlight => running;

    /// <param name="finished">False when the bar counts only operations that succeeded and this one failed.</param>
    public void End(TKey key, bool finished = true)
    {
        running.Remove(key);
        if (finished)
        {
            Finished++;
        }
    }

    /// <summary>Shows the bar, while something runs.</summary>
    public void Show()
    {
        if (running.Count > 0)
        {
            var (activity, status, percent) = Describe();
            bar.Activity = activity;
            bar.Update(status, percent);
        }
    }

    /// <summary>Removes the bar; safe to call twice.</summary>
    public void Complete() => bar.Complete();

    protected void Begin(TKey key, TState state)
    {
        running[key] = state;
        Started++;
    }

    protected void Update(TKey key, Func<TState, TState> change)
    {
        if (running.TryGetValue(key, out var state))
        {
            running[key] = change(state);
        }
    }

    /// <summary>The bar's activity, status and percentage (-1 when the end cannot be told) while something runs.</summary>
    protected abstract (string Activity, string Status, int Percent) Describe();
}
