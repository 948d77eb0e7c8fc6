namespace NanoBanana.Api;

/// <summary>The retries a call has made so far: busy resubmissions of a submission, and every other retry.</summary>
internal readonly record struct RetryCount(int Busy, int Other)
{
    public int Total => Busy + Other;
}
