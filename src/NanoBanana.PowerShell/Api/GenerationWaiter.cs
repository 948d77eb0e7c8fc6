using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace NanoBanana.Api;

/// <summary>Polls generations until they complete or fail, all pending ids in one round of requests per tick.</summary>
internal sealed class GenerationWaiter
{
    /// <summary>The docs' advice: first poll after 5 s, then every 3 s, about 60 polls.</summary>
    public static readonly TimeSpan DefaultFirstPoll = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(3);
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(3);

    private readonly NbApiClient client;

    public GenerationWaiter(NbApiClient client) => this.client = client;

    public static bool IsFinished(NbGeneration generation) => generation.Status != NbGenerationStatus.Processing;

    /// <summary>
    /// Waits for every id; each finished generation goes to <paramref name="onFinished"/> as soon as it is seen, each
    /// id the service cannot answer for to <paramref name="onFailed"/>. Cancelling the token ends the wait.
    /// </summary>
    public async Task WaitAllAsync(
        IReadOnlyCollection<string> ids,
        TimeSpan firstPoll,
        TimeSpan interval,
        Action<NbGeneration> onFinished,
        Action<string, NbApiException> onFailed,
        Action<WaitProgress>? onRound,
        CancellationToken cancellationToken)
    {
        var pending = new List<string>(ids.Distinct(StringComparer.Ordinal));
        var total = pending.Count;
        var delay = firstPoll;
        while (pending.Count > 0)
        {
            onRound?.Invoke(new WaitProgress(total - pending.Count, total));
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            }

            delay = interval;
            var polls = pending.Select(id => PollAsync(id, cancellationToken)).ToArray();
            await Task.WhenAll(polls).ConfigureAwait(false);
            foreach (var (id, generation, error) in polls.Select(p => p.Result))
            {
                if (error is not null)
                {
                    pending.Remove(id);
                    onFailed(id, error);
                }
                else if (IsFinished(generation!))
                {
                    pending.Remove(id);
                    onFinished(generation!);
                }
            }
        }

        onRound?.Invoke(new WaitProgress(total, total));
    }

    public async Task<NbGeneration> WaitOneAsync(string id, TimeSpan firstPoll, TimeSpan interval, CancellationToken cancellationToken)
    {
        NbGeneration? result = null;
        NbApiException? failure = null;
        await WaitAllAsync([id], firstPoll, interval, g => result = g, (_, e) => failure = e, null, cancellationToken).ConfigureAwait(false);
        return result ?? throw failure!;
    }

    private async Task<(string Id, NbGeneration? Generation, NbApiException? Error)> PollAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            return (id, await client.GetGenerationAsync(id, cancellationToken).ConfigureAwait(false), null);
        }
        catch (NbApiException e) when (e.Kind is NbErrorKind.GenerationNotFound or NbErrorKind.ProtocolError)
        {
            return (id, null, e);
        }
    }
}
