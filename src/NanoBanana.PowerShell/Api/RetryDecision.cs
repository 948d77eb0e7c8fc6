using System;

namespace NanoBanana.Api;

internal readonly record struct RetryDecision(RetryVerdict Verdict, TimeSpan Delay)
{
    public static readonly RetryDecision GiveUp = new(RetryVerdict.GiveUp, TimeSpan.Zero);
}
