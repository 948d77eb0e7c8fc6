using System;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace NanoBanana.Api;

/// <summary>
/// Sends one logical request: each attempt under its own deadline, retried by the <see cref="RetryPolicy"/>, each
/// retry reported to <c>log</c>. The response is handed to a reader inside the attempt, so reading the body is
/// covered by the same deadline and a body that breaks off is a failure of the attempt.
/// </summary>
internal sealed class RetryingSender
{
    private static readonly Random Jitter = new();
    private readonly HttpClient client;
    private readonly RetryPolicy policy;
    private readonly TimeSpan attemptTimeout;
    private readonly Action<string>? log;
    private readonly SharedBackoff backoff;

    public RetryingSender(HttpClient client, RequestOptions options)
    {
        this.client = client;
        policy = options.Retry;
        attemptTimeout = options.Timeout;
        log = options.Log;
        backoff = options.Backoff ?? new SharedBackoff();
    }

    public async Task<T> SendAsync<T>(
        RequestKind kind,
        string operation,
        Func<HttpRequestMessage> createRequest,
        Func<HttpResponseMessage, CancellationToken, Task<T>> readResponse,
        CancellationToken cancellationToken)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (var retries = 0; ; retries++)
        {
            await backoff.WaitAsync(cancellationToken).ConfigureAwait(false);
            RetryDecision decision;
            string reason;
            var busy = false;
            using (var request = createRequest())
            using (var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                attempt.CancelAfter(attemptTimeout);
                HttpResponseMessage? response = null;
                try
                {
                    response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, attempt.Token).ConfigureAwait(false);
                    var status = (int)response.StatusCode;
                    decision = RetryPolicy.IsTransientStatus(status)
                        ? policy.ForStatus(kind, status, await IsServerBusyAsync(response, kind).ConfigureAwait(false), RetryAfter(response), retries, NextRandom(), attemptTimeout - clock.Elapsed)
                        : RetryDecision.GiveUp;
                    if (decision.Verdict == RetryVerdict.WaitTooLong)
                    {
                        throw new NbApiException(
                            NbErrorKind.ServiceBusy,
                            $"{operation} answered {status} and asked to retry after {decision.Delay.TotalSeconds:0} seconds, more than the {RetryPolicy.LongestRetryAfter.TotalSeconds:0} seconds the module waits. Try again later.",
                            status)
                        { IsRateLimited = status == 429 };
                    }

                    if (decision.Verdict == RetryVerdict.GiveUp)
                    {
                        return await readResponse(response, attempt.Token).ConfigureAwait(false);
                    }

                    reason = $"it answered {status} {response.ReasonPhrase}";
                    busy = status is 429 or 503;
                }
                catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested && attempt.IsCancellationRequested)
                {
                    var failure = ClassifyTimeout(request);
                    decision = policy.ForFailure(kind, failure, retries, NextRandom());
                    if (decision.Verdict != RetryVerdict.Retry)
                    {
                        throw GiveUp(kind, failure, operation, e);
                    }

                    reason = $"it did not answer within {attemptTimeout.TotalSeconds:0.#} seconds";
                }
                catch (Exception e) when (e is HttpRequestException or IOException)
                {
                    var failure = ClassifyBreak(request, e);
                    decision = policy.ForFailure(kind, failure, retries, NextRandom());
                    if (decision.Verdict != RetryVerdict.Retry)
                    {
                        throw GiveUp(kind, failure, operation, e);
                    }

                    reason = $"{Describe(e)}";
                }
                finally
                {
                    response?.Dispose();
                }
            }

            if (busy)
            {
                backoff.PauseFor(decision.Delay);
                var count = kind == RequestKind.Submit ? $"resubmitting (it was not charged), attempt {retries + 2}," : $"retry {retries + 1} of {policy.MaxRetries}";
                log?.Invoke($"{operation}: {reason}; {count} in {decision.Delay.TotalSeconds:0.0} s, with every request of this command pausing until then.");
            }
            else
            {
                log?.Invoke($"{operation}: {reason}; retry {retries + 1} of {policy.MaxRetries} in {decision.Delay.TotalSeconds:0.0} s.");
                await Task.Delay(decision.Delay, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The message of the innermost exception, which names the real cause (e.g. "Connection refused").</summary>
    public static string Describe(Exception e) => Secrets.Redact(e.GetBaseException().Message);

    private static TransportFailure ClassifyTimeout(HttpRequestMessage request) =>
        request.Content is TrackedContent { WriteStarted: false } ? TransportFailure.NotSent : TransportFailure.TimedOut;

    private static TransportFailure ClassifyBreak(HttpRequestMessage request, Exception e)
    {
        if (request.Content is TrackedContent { WriteStarted: false })
        {
            return TransportFailure.NotSent;
        }

        var socket = Causes(e).OfType<SocketException>().FirstOrDefault();
        return socket?.SocketErrorCode is SocketError.ConnectionRefused or SocketError.HostNotFound or SocketError.HostUnreachable
            or SocketError.NetworkUnreachable or SocketError.TryAgain or SocketError.NoData or SocketError.AddressNotAvailable
            ? TransportFailure.NotSent
            : TransportFailure.ConnectionLost;
    }

    private static NbApiException GiveUp(RequestKind kind, TransportFailure failure, string operation, Exception e)
    {
        var cause = Describe(e);
        return (kind, failure) switch
        {
            (RequestKind.Submit, TransportFailure.TimedOut) => ApiErrors.OutcomeUnknown($"{operation} timed out after the request was sent", null, inner: e),
            (RequestKind.Submit, TransportFailure.ConnectionLost) => ApiErrors.OutcomeUnknown($"The connection broke after {operation} was sent ({cause})", null, inner: e),
            (_, TransportFailure.TimedOut) => new NbApiException(NbErrorKind.Timeout, $"{operation} timed out: no complete answer within the time allowed (-TimeoutSec).", innerException: e),
            (RequestKind.Download, TransportFailure.ConnectionLost) => new NbApiException(NbErrorKind.ImageUnavailable, $"The download broke off: {cause}", innerException: e),
            _ => new NbApiException(NbErrorKind.ConnectionFailed, $"{operation} failed: could not reach the service ({cause}).", innerException: e),
        };
    }

    private static async Task<bool> IsServerBusyAsync(HttpResponseMessage response, RequestKind kind)
    {
        if (kind != RequestKind.Submit || (int)response.StatusCode != 503)
        {
            return false;
        }

        await response.Content.LoadIntoBufferAsync().ConfigureAwait(false);
        return ErrorBody.Parse(await response.Content.ReadAsStringAsync().ConfigureAwait(false)).Type == "server_busy";
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        return header?.Delta ?? (header?.Date is { } date ? date - DateTimeOffset.UtcNow : null);
    }

    private static System.Collections.Generic.IEnumerable<Exception> Causes(Exception e)
    {
        for (Exception? current = e; current is not null; current = current.InnerException)
        {
            yield return current;
        }
    }

    private static double NextRandom()
    {
        lock (Jitter)
        {
            return Jitter.NextDouble();
        }
    }
}
