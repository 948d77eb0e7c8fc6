using System;

namespace NanoBanana.Api;

/// <summary>
/// How one cmdlet call talks to the service: per-request deadline, retries, where retries are reported, and the
/// pause its requests share when the service is busy.
/// </summary>
internal sealed record RequestOptions(TimeSpan Timeout, RetryPolicy Retry, Action<string>? Log = null, SharedBackoff? Backoff = null)
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(100);
}
