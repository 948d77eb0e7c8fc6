using System;

namespace NanoBanana.Api;

/// <summary>
/// The retry rules of the HTTP core. Reads and downloads retry transient failures with jittered exponential backoff;
/// a submission is retried only when the service provably did not take the job.
/// </summary>
internal sealed class RetryPolicy
{
    public static readonly TimeSpan DefaultBaseDelay = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan LongestRetryAfter = TimeSpan.FromMinutes(2);
    public const int DefaultMaxRetries = 3;

    /// <param name="boundsBusy">The user gave the retry count: it then bounds busy resubmissions too.</param>
    public RetryPolicy(int maxRetries = DefaultMaxRetries, TimeSpan? baseDelay = null, bool boundsBusy = false)
    {
        MaxRetries = Math.Max(0, maxRetries);
        BaseDelay = baseDelay ?? DefaultBaseDelay;
        BoundsBusy = boundsBusy;
    }

    public int MaxRetries { get; }

    /// <summary>Whether <see cref="MaxRetries"/> bounds every retry, busy resubmissions included.</summary>
    public bool BoundsBusy { get; }

    public TimeSpan BaseDelay { get; }

    public static bool IsTransientStatus(int status) => status is 408 or 429 or 500 or 502 or 503 or 504;

    /// <summary>
    /// The shortest wait before resubmitting a refused submission when the service gave no Retry-After, whatever
    /// -RetryIntervalSec says: a busy service is never polled in a tight loop.
    /// </summary>
    public static readonly TimeSpan ShortestBusyWait = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Decides about an HTTP answer. A submission the service refused as busy (429, or 503 <c>server_busy</c>) was
    /// not charged, and under load it may be refused for as long as the service's queue is full, so unless
    /// <see cref="BoundsBusy"/> it is resubmitted for as long as <paramref name="timeLeft"/> allows rather than a
    /// number of times.
    /// </summary>
    /// <param name="serverBusy">The body said <c>"type": "server_busy"</c>: the job was refused and refunded.</param>
    public RetryDecision ForStatus(
        RequestKind kind,
        int status,
        bool serverBusy,
        TimeSpan? retryAfter,
        RetryCount done,
        double random,
        TimeSpan timeLeft)
    {
        if (kind == RequestKind.Submit)
        {
            if ((status != 429 && !(status == 503 && serverBusy)) || (BoundsBusy && done.Total >= MaxRetries))
            {
                return RetryDecision.GiveUp;
            }

            var busyWait = retryAfter ?? Backoff(done.Busy + 1, random);
            busyWait = retryAfter is null && busyWait < ShortestBusyWait ? ShortestBusyWait
                : busyWait < TimeSpan.Zero ? TimeSpan.Zero
                : busyWait;
            return busyWait > LongestRetryAfter ? new RetryDecision(RetryVerdict.WaitTooLong, busyWait)
                : busyWait >= timeLeft ? RetryDecision.GiveUp
                : new RetryDecision(RetryVerdict.Retry, busyWait);
        }

        if (!IsTransientStatus(status) || done.Total >= MaxRetries)
        {
            return RetryDecision.GiveUp;
        }

        if (retryAfter is { } wait)
        {
            return wait > LongestRetryAfter
                ? new RetryDecision(RetryVerdict.WaitTooLong, wait)
                : new RetryDecision(RetryVerdict.Retry, wait < TimeSpan.Zero ? TimeSpan.Zero : wait);
        }

        return new RetryDecision(RetryVerdict.Retry, Backoff(done.Total + 1, random));
    }

    /// <summary>
    /// Decides about a request that got no HTTP answer. Busy resubmissions have their own count, so a submission
    /// refused as busy twice still gets its retries when its connection then fails before it was sent.
    /// </summary>
    public RetryDecision ForFailure(RequestKind kind, TransportFailure failure, RetryCount done, double random)
    {
        var retryable = kind != RequestKind.Submit || failure == TransportFailure.NotSent;
        var counted = BoundsBusy ? done.Total : done.Other;
        return retryable && counted < MaxRetries
            ? new RetryDecision(RetryVerdict.Retry, Backoff(done.Other + 1, random))
            : RetryDecision.GiveUp;
    }

    /// <summary>Exponential backoff with "equal jitter": half the step is fixed, half is random, capped at <see cref="MaxDelay"/>.</summary>
    /// <param name="retry">1 for the first retry.</param>
    /// <param name="random">A number in [0, 1).</param>
    public TimeSpan Backoff(int retry, double random)
    {
        var step = Math.Min(
            MaxDelay.TotalMilliseconds,
            BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Max(0, retry - 1)));
        return TimeSpan.FromMilliseconds((step / 2) + (step / 2 * random));
    }
}
