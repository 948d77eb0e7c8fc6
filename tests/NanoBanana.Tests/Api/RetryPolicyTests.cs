using NanoBanana.Api;

namespace NanoBanana.Tests.Api;

public class RetryPolicyTests
{
    private static readonly TimeSpan Plenty = TimeSpan.FromMinutes(5);
    private readonly RetryPolicy policy = new(maxRetries: 3, baseDelay: TimeSpan.FromSeconds(1));

    [Theory]
    [InlineData(408)]
    [InlineData(429)]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    public void Reads_and_downloads_retry_transient_statuses(int status)
    {
        Assert.Equal(RetryVerdict.Retry, policy.ForStatus(RequestKind.Read, status, false, null, new RetryCount(0, 0), 0.5, Plenty).Verdict);
        Assert.Equal(RetryVerdict.Retry, policy.ForStatus(RequestKind.Download, status, false, null, new RetryCount(0, 0), 0.5, Plenty).Verdict);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(402)]
    [InlineData(403)]
    [InlineData(404)]
    [InlineData(501)]
    public void Nothing_retries_statuses_that_will_not_change(int status)
    {
        Assert.Equal(RetryVerdict.GiveUp, policy.ForStatus(RequestKind.Read, status, false, null, new RetryCount(0, 0), 0.5, Plenty).Verdict);
        Assert.Equal(RetryVerdict.GiveUp, policy.ForStatus(RequestKind.Submit, status, false, null, new RetryCount(0, 0), 0.5, Plenty).Verdict);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(504)]
    [InlineData(408)]
    public void A_submission_is_not_retried_when_the_service_may_have_taken_it(int status)
    {
        Assert.Equal(RetryVerdict.GiveUp, policy.ForStatus(RequestKind.Submit, status, false, null, new RetryCount(0, 0), 0.5, Plenty).Verdict);
    }

    [Fact]
    public void A_submission_is_retried_on_server_busy_and_429_only()
    {
        Assert.Equal(RetryVerdict.Retry, policy.ForStatus(RequestKind.Submit, 503, serverBusy: true, null, new RetryCount(0, 0), 0.5, Plenty).Verdict);
        Assert.Equal(RetryVerdict.GiveUp, policy.ForStatus(RequestKind.Submit, 503, serverBusy: false, null, new RetryCount(0, 0), 0.5, Plenty).Verdict);
        Assert.Equal(RetryVerdict.Retry, policy.ForStatus(RequestKind.Submit, 429, false, null, new RetryCount(0, 0), 0.5, Plenty).Verdict);
    }

    [Fact]
    public void A_refused_submission_is_retried_past_the_retry_count_while_time_allows()
    {
        var tenth = policy.ForStatus(RequestKind.Submit, 503, serverBusy: true, null, new RetryCount(10, 0), 0.5, Plenty);
        Assert.Equal((RetryVerdict.Retry, TimeSpan.FromSeconds(22.5)), (tenth.Verdict, tenth.Delay));
        Assert.Equal(RetryVerdict.Retry, policy.ForStatus(RequestKind.Submit, 429, false, TimeSpan.FromSeconds(5), new RetryCount(50, 0), 0.5, TimeSpan.FromSeconds(6)).Verdict);
        Assert.Equal(RetryVerdict.GiveUp, policy.ForStatus(RequestKind.Submit, 429, false, TimeSpan.FromSeconds(5), new RetryCount(0, 0), 0.5, TimeSpan.FromSeconds(4)).Verdict);
        Assert.Equal(RetryVerdict.WaitTooLong, policy.ForStatus(RequestKind.Submit, 429, false, TimeSpan.FromMinutes(10), new RetryCount(0, 0), 0.5, TimeSpan.FromHours(1)).Verdict);
    }

    [Fact]
    public void A_refused_submission_waits_at_least_a_second_unless_retry_after_says_otherwise()
    {
        var noWait = new RetryPolicy(maxRetries: 3, baseDelay: TimeSpan.Zero);

        Assert.Equal(TimeSpan.FromSeconds(1), noWait.ForStatus(RequestKind.Submit, 503, true, null, new RetryCount(0, 0), 0.5, Plenty).Delay);
        Assert.Equal(TimeSpan.FromSeconds(1), noWait.ForStatus(RequestKind.Submit, 429, false, null, new RetryCount(4, 0), 0.5, Plenty).Delay);
        Assert.Equal(TimeSpan.Zero, noWait.ForStatus(RequestKind.Submit, 429, false, TimeSpan.Zero, new RetryCount(0, 0), 0.5, Plenty).Delay);
        Assert.Equal(TimeSpan.Zero, noWait.ForStatus(RequestKind.Read, 503, false, null, new RetryCount(0, 0), 0.5, Plenty).Delay);
    }

    [Fact]
    public void An_explicit_retry_count_bounds_busy_resubmissions_and_other_retries_together()
    {
        var bounded = new RetryPolicy(maxRetries: 2, boundsBusy: true);

        Assert.Equal(RetryVerdict.Retry, bounded.ForStatus(RequestKind.Submit, 503, true, TimeSpan.Zero, new RetryCount(1, 0), 0.5, Plenty).Verdict);
        Assert.Equal(RetryVerdict.GiveUp, bounded.ForStatus(RequestKind.Submit, 503, true, TimeSpan.Zero, new RetryCount(2, 0), 0.5, Plenty).Verdict);
        Assert.Equal(RetryVerdict.GiveUp, bounded.ForStatus(RequestKind.Submit, 429, false, TimeSpan.Zero, new RetryCount(1, 1), 0.5, Plenty).Verdict);
        Assert.Equal(RetryVerdict.GiveUp, bounded.ForFailure(RequestKind.Submit, TransportFailure.NotSent, new RetryCount(2, 0), 0.5).Verdict);
        Assert.Equal(RetryVerdict.GiveUp, new RetryPolicy(0, boundsBusy: true).ForStatus(RequestKind.Submit, 503, true, TimeSpan.Zero, default, 0.5, Plenty).Verdict);
    }

    [Fact]
    public void Without_an_explicit_count_busy_answers_do_not_use_up_the_retries_of_a_submission_never_sent()
    {
        Assert.Equal(RetryVerdict.Retry, policy.ForFailure(RequestKind.Submit, TransportFailure.NotSent, new RetryCount(2, 0), 0.5).Verdict);
        Assert.Equal(RetryVerdict.Retry, policy.ForFailure(RequestKind.Submit, TransportFailure.NotSent, new RetryCount(9, 2), 0.5).Verdict);
        Assert.Equal(RetryVerdict.GiveUp, policy.ForFailure(RequestKind.Submit, TransportFailure.NotSent, new RetryCount(0, 3), 0.5).Verdict);
    }

    [Fact]
    public void A_submission_is_retried_after_a_failure_only_when_it_was_not_sent()
    {
        Assert.Equal(RetryVerdict.Retry, policy.ForFailure(RequestKind.Submit, TransportFailure.NotSent, new RetryCount(0, 0), 0.5).Verdict);
        Assert.Equal(RetryVerdict.GiveUp, policy.ForFailure(RequestKind.Submit, TransportFailure.TimedOut, new RetryCount(0, 0), 0.5).Verdict);
        Assert.Equal(RetryVerdict.GiveUp, policy.ForFailure(RequestKind.Submit, TransportFailure.ConnectionLost, new RetryCount(0, 0), 0.5).Verdict);
        Assert.Equal(RetryVerdict.Retry, policy.ForFailure(RequestKind.Read, TransportFailure.TimedOut, new RetryCount(0, 0), 0.5).Verdict);
        Assert.Equal(RetryVerdict.Retry, policy.ForFailure(RequestKind.Download, TransportFailure.ConnectionLost, new RetryCount(0, 0), 0.5).Verdict);
    }

    [Fact]
    public void Gives_up_after_the_maximum_number_of_retries()
    {
        Assert.Equal(RetryVerdict.Retry, policy.ForStatus(RequestKind.Read, 503, false, null, new RetryCount(0, 2), 0.5, Plenty).Verdict);
        Assert.Equal(RetryVerdict.GiveUp, policy.ForStatus(RequestKind.Read, 503, false, null, new RetryCount(0, 3), 0.5, Plenty).Verdict);
        Assert.Equal(RetryVerdict.GiveUp, new RetryPolicy(maxRetries: 0).ForFailure(RequestKind.Read, TransportFailure.NotSent, new RetryCount(0, 0), 0.5).Verdict);
    }

    [Fact]
    public void Backoff_doubles_with_jitter_and_is_capped_at_30_seconds()
    {
        Assert.Equal(TimeSpan.FromMilliseconds(500), policy.Backoff(1, 0.0));
        Assert.Equal(TimeSpan.FromMilliseconds(1000), policy.Backoff(1, 1.0));
        Assert.Equal(TimeSpan.FromMilliseconds(1000), policy.Backoff(2, 0.0));
        Assert.Equal(TimeSpan.FromMilliseconds(3000), policy.Backoff(3, 0.5));
        Assert.Equal(TimeSpan.FromSeconds(30), policy.Backoff(20, 1.0));
        Assert.InRange(policy.Backoff(20, 0.0), TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(15));
    }

    [Fact]
    public void Retry_after_wins_over_backoff_and_a_long_one_is_refused()
    {
        var honoured = policy.ForStatus(RequestKind.Read, 429, false, TimeSpan.FromSeconds(7), new RetryCount(0, 0), 0.5, Plenty);
        Assert.Equal((RetryVerdict.Retry, TimeSpan.FromSeconds(7)), (honoured.Verdict, honoured.Delay));

        var tooLong = policy.ForStatus(RequestKind.Read, 503, false, TimeSpan.FromMinutes(5), new RetryCount(0, 0), 0.5, Plenty);
        Assert.Equal((RetryVerdict.WaitTooLong, TimeSpan.FromMinutes(5)), (tooLong.Verdict, tooLong.Delay));

        var past = policy.ForStatus(RequestKind.Read, 503, false, TimeSpan.FromSeconds(-3), new RetryCount(0, 0), 0.5, Plenty);
        Assert.Equal(TimeSpan.Zero, past.Delay);
    }
}
