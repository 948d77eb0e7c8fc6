namespace NanoBanana.Api;

internal enum RetryVerdict
{
    GiveUp,
    Retry,

    /// <summary>The service asked for a wait longer than <see cref="RetryPolicy.LongestRetryAfter"/>.</summary>
    WaitTooLong,
}
