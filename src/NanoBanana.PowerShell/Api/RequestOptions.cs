using System;

namespace NanoBanana.Api;

/// <summary>
/// How one cmdlet call talks to the service: its deadlines, retries, where retries are reported, and the pause its
/// requests share when the service is busy. The three deadlines are different things: <see cref="AttemptTimeout"/>
/// bounds one HTTP exchange (headers and the whole body or event stream), <see cref="BusyWindow"/> how long a
/// submission the service refused as busy may still be resubmitted, and <see cref="WaitTimeout"/> how long a
/// submitted generation is polled.
/// </summary>
internal sealed record RequestOptions(RetryPolicy Retry, Action<string>? Log = null, SharedBackoff? Backoff = null)
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(100);

    /// <summary>The deadline of one attempt: sending, the headers, and reading the whole answer.</summary>
    public TimeSpan AttemptTimeout { get; init; } = DefaultTimeout;

    /// <summary>From the first attempt, how long busy refusals of a submission may be answered by resubmitting.</summary>
    public TimeSpan BusyWindow { get; init; } = DefaultTimeout;

    /// <summary>How long a generation the service has named is polled until it finishes.</summary>
    public TimeSpan WaitTimeout { get; init; } = DefaultTimeout;

    /// <summary>Options whose three deadlines are one, as a cmdlet's -TimeoutSec gives them.</summary>
    public static RequestOptions WithTimeout(TimeSpan timeout, RetryPolicy retry, Action<string>? log = null) =>
        new(retry, log) { AttemptTimeout = timeout, BusyWindow = timeout, WaitTimeout = timeout };
}
