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

    /// <summary>The most polls in flight at once; each goes on a connection of the pool.</summary>
    public const int MaxConcurrentPolls = 8;

    private static readonly string[] KnownStatuses = ["processing", "completed", "failed"];
    private readonly NbApiClient client;

    public GenerationWaiter(NbApiClient client) => this.client = client;

    public static bool IsFinished(NbGeneration generation) => generation.Status != NbGenerationStatus.Processing;

    /// <summary>
    /// Waits for every id; each finished generation goes to <paramref name="onFinished"/> as soon as it is seen, and
    /// each id whose polling fails (after the retries) to <paramref name="onFailed"/>, with the id in the error,
    /// while the others are still waited for. Cancelling the token ends the wait.
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
        string? serviceSays = null;
        using var slots = new SemaphoreSlim(MaxConcurrentPolls);
        while (pending.Count > 0)
        {
            onRound?.Invoke(new WaitProgress(total - pending.Count, total, serviceSays));
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            }

            delay = interval;
            var polls = pending.Select(id => PollAsync(id, slots, cancellationToken)).ToArray();
            foreach (var (id, generation, error) in await Task.WhenAll(polls).ConfigureAwait(false))
            {
                if (error is not null || IsFinished(generation!))
                {
                    pending.Remove(id);
                    Report(id, generation, error, onFinished, onFailed);
                }
                else if (Unlisted(generation!.ServiceStatus) is { } word)
                {
                    serviceSays = $"{id} is {word}";
                    client.Log($"GET /generate: generation {id} is '{word}', a status the API reference does not " +
                        "list; waiting for it as for one still processing.");
                }
            }
        }

        onRound?.Invoke(new WaitProgress(total, total, serviceSays));
    }

    /// <param name="onRound">Hears of each round, e.g. to show the service's word for an unlisted status.</param>
    public async Task<NbGeneration> WaitOneAsync(
        string id,
        TimeSpan firstPoll,
        TimeSpan interval,
        CancellationToken cancellationToken,
        Action<WaitProgress>? onRound = null)
    {
        NbGeneration? result = null;
        NbApiException? failure = null;
        await WaitAllAsync(
            [id],
            firstPoll,
            interval,
            g => result = g,
            (_, e) => failure = e,
            onRound,
            cancellationToken).ConfigureAwait(false);
        return result ?? throw failure!;
    }

    private static void Report(
        string id,
        NbGeneration? generation,
        NbApiException? error,
        Action<NbGeneration> onFinished,
        Action<string, NbApiException> onFailed)
    {
        if (error is not null)
        {
            onFailed(id, ApiErrors.ForGeneration(error, id));
        }
        else
        {
            onFinished(generation!);
        }
    }

    private static string? Unlisted(string? status) =>
        status is not null && !KnownStatuses.Contains(status, StringComparer.OrdinalIgnoreCase) ? status : null;

    private async Task<(string Id, NbGeneration? Generation, NbApiException? Error)> PollAsync(
        string id,
        SemaphoreSlim slots,
        CancellationToken cancellationToken)
    {
        await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return (id, await client.GetGenerationAsync(id, cancellationToken).ConfigureAwait(false), null);
        }
        catch (NbApiException e)
        {
            return (id, null, e);
        }
        finally
        {
            slots.Release();
        }
    }
}
