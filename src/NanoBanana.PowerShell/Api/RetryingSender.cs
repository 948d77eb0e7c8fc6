using System;
using System.Diagnostics;
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
    private readonly RequestOptions options;
    private readonly SharedBackoff backoff;

    public RetryingSender(HttpClient client, RequestOptions options)
    {
        this.client = client;
        this.options = options;
        policy = options.Retry;
        backoff = options.Backoff ?? new SharedBackoff();
    }

    /// <param name="onRetry">Gets a short line for a progress bar before each wait, e.g. "Service busy, attempt 2, waiting 1.0 s".</param>
    public async Task<T> SendAsync<T>(
        RequestKind kind,
        string operation,
        Func<HttpRequestMessage> createRequest,
        Func<HttpResponseMessage, CancellationToken, Task<T>> readResponse,
        CancellationToken cancellationToken,
        Action<string>? onRetry = null)
    {
        var clock = Stopwatch.StartNew();
        var done = default(RetryCount);
        while (true)
        {
            await backoff.WaitAsync(cancellationToken).ConfigureAwait(false);
            var call = new Call<T>(kind, operation, createRequest, readResponse, clock, done);
            var attempt = await AttemptAsync(call, cancellationToken).ConfigureAwait(false);
            if (attempt.Finished)
            {
                return attempt.Result!;
            }

            var delay = attempt.Decision.Delay;
            if (attempt.Busy)
            {
                backoff.PauseFor(delay);
            }

            var busySubmission = attempt.Busy && kind == RequestKind.Submit;
            var attempts = done.Total + 1;
            done = busySubmission ? done with { Busy = done.Busy + 1 } : done with { Other = done.Other + 1 };
            var retry = busySubmission
                ? $"service busy, attempt {attempts}, waiting {delay.TotalSeconds:0.0} s (a refused submission is " +
                    "not charged)"
                : $"retry {done.Other} of {policy.MaxRetries} in {delay.TotalSeconds:0.0} s";
            Log($"{operation}: {attempt.Reason}; " +
                $"{retry}{(attempt.Busy ? ", with every request of this command pausing until then" : "")}.");
            onRetry?.Invoke(busySubmission
                ? $"Service busy, attempt {attempts}, waiting {delay.TotalSeconds:0.0} s"
                : $"Retrying ({attempt.Reason}), retry {done.Other} of {policy.MaxRetries}");
            if (!attempt.Busy)
            {
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// One attempt under its own deadline. The response is disposed when the deadline passes or the caller cancels,
    /// so no read of its body outlives either, even on runtimes whose reads check their token only when they start.
    /// </summary>
    private async Task<Attempt<T>> AttemptAsync<T>(Call<T> call, CancellationToken cancellationToken)
    {
        using var request = call.CreateRequest();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.AttemptTimeout);
        HttpResponseMessage? response = null;
        try
        {
            response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token)
                .ConfigureAwait(false);
            using (deadline.Token.Register(static r => ((HttpResponseMessage)r!).Dispose(), response))
            {
                return await HandleAsync(call, response, deadline.Token).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (IsInterruption(e) && cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException("The command was stopped.", e, cancellationToken);
        }
        catch (Exception e) when (IsInterruption(e) && deadline.IsCancellationRequested)
        {
            var failure = ClassifyTimeout(request);
            return Retry<T>(
                call,
                policy.ForFailure(call.Kind, failure, call.Done, NextRandom()),
                failure,
                e,
                $"it did not answer within {options.AttemptTimeout.TotalSeconds:0.#} seconds");
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            var failure = ClassifyBreak(request, e);
            var decision = policy.ForFailure(call.Kind, failure, call.Done, NextRandom());
            return Retry<T>(call, decision, failure, e, Describe(e));
        }
        finally
        {
            response?.Dispose();
        }
    }

    private async Task<Attempt<T>> HandleAsync<T>(Call<T> call, HttpResponseMessage response, CancellationToken token)
    {
        var status = (int)response.StatusCode;
        if (!RetryPolicy.IsTransientStatus(status))
        {
            return new Attempt<T>(true, await call.ReadResponse(response, token).ConfigureAwait(false));
        }

        var serverBusy = call.Kind == RequestKind.Submit && status == 503 && await IsServerBusyAsync(response, token)
            .ConfigureAwait(false);
        var timeLeft = options.BusyWindow - call.Clock.Elapsed;
        var decision = policy.ForStatus(
            call.Kind,
            status,
            serverBusy,
            RetryAfter(response),
            call.Done,
            NextRandom(),
            timeLeft);
        if (decision.Verdict == RetryVerdict.WaitTooLong)
        {
            throw new NbApiException(
                NbErrorKind.ServiceBusy,
                $"{call.Operation} answered {status} and asked to retry after {decision.Delay.TotalSeconds:0} " +
                $"seconds, more than the {RetryPolicy.LongestRetryAfter.TotalSeconds:0} seconds the module waits. " +
                "Try again later.",
                status)
            { IsRateLimited = status == 429 };
        }

        return decision.Verdict == RetryVerdict.GiveUp
            ? new Attempt<T>(true, await call.ReadResponse(response, token).ConfigureAwait(false))
            : new Attempt<T>(false, default, decision, $"it answered {status} " +
                $"{response.ReasonPhrase}", status is 429 or 503);
    }

    private static Attempt<T> Retry<T>(
        Call<T> call,
        RetryDecision decision,
        TransportFailure failure,
        Exception e,
        string reason) =>
        decision.Verdict == RetryVerdict.Retry
            ? new Attempt<T>(false, default, decision, reason, false)
            : throw GiveUp(call.Kind, failure, call.Operation, e);

    /// <summary>How a read ends when its response is disposed or its token cancelled.</summary>
    public static bool IsInterruption(Exception e) =>
        e is OperationCanceledException or ObjectDisposedException or IOException or HttpRequestException;

    private void Log(string message) => options.Log?.Invoke(Secrets.Redact(message));

    /// <summary>The message of the innermost exception, which names the real cause (e.g. "Connection refused").</summary>
    public static string Describe(Exception e) => Secrets.Redact(e.GetBaseException().Message);

    private static TransportFailure ClassifyTimeout(HttpRequestMessage request) =>
        request.Content is TrackedContent { WriteStarted: false }
            ? TransportFailure.NotSent : TransportFailure.TimedOut;

    private static TransportFailure ClassifyBreak(HttpRequestMessage request, Exception e)
    {
        if (request.Content is TrackedContent { WriteStarted: false })
        {
            return TransportFailure.NotSent;
        }

        var socket = Causes(e).OfType<SocketException>().FirstOrDefault();
        return socket?.SocketErrorCode is SocketError.ConnectionRefused or SocketError.HostNotFound
            or SocketError.HostUnreachable or SocketError.NetworkUnreachable or SocketError.TryAgain
            or SocketError.NoData or SocketError.AddressNotAvailable
            ? TransportFailure.NotSent
            : TransportFailure.ConnectionLost;
    }

    private static NbApiException GiveUp(RequestKind kind, TransportFailure failure, string operation, Exception e)
    {
        var cause = Describe(e);
        return (kind, failure) switch
        {
            (RequestKind.Submit, TransportFailure.TimedOut) => ApiErrors.OutcomeUnknown($"{operation} timed out " +
                "after the request was sent", null, inner: e),
            (RequestKind.Submit, TransportFailure.ConnectionLost) => ApiErrors.OutcomeUnknown("The connection broke " +
                $"after {operation} was sent ({cause})", null, inner: e),
            (_, TransportFailure.TimedOut) => new NbApiException(NbErrorKind.Timeout, $"{operation} timed out: no " +
                "complete answer within the time allowed (-TimeoutSec).", innerException: e),
            (RequestKind.Download, TransportFailure.ConnectionLost) =>
                new NbApiException(NbErrorKind.ImageUnavailable, $"The download broke off: {cause}", innerException: e),
            _ => new NbApiException(NbErrorKind.ConnectionFailed, $"{operation} failed: could not reach the service " +
                $"({cause}).", innerException: e),
        };
    }

    /// <summary>
    /// Reads a 503's body (within the attempt's deadline) to see whether it says <c>server_busy</c>, and puts the
    /// bytes back so whoever reads the answer next sees the whole body.
    /// </summary>
    private static async Task<bool> IsServerBusyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await ApiErrors.ReadBodyTextAsync(response, cancellationToken).ConfigureAwait(false);
        var copy = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(text));
        foreach (var header in response.Content.Headers.Where(h => h.Key != "Content-Length"))
        {
            copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        response.Content.Dispose();
        response.Content = copy;
        return ErrorBody.Parse(text).Type == "server_busy";
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

    private sealed record Call<T>(
        RequestKind Kind,
        string Operation,
        Func<HttpRequestMessage> CreateRequest,
        Func<HttpResponseMessage, CancellationToken, Task<T>> ReadResponse,
        Stopwatch Clock,
        RetryCount Done);

    /// <summary>How an attempt ended: with the result, or with a decision to try again and why.</summary>
    private readonly record struct Attempt<T>(
        bool Finished,
        T? Result,
        RetryDecision Decision = default,
        string Reason = "",
        bool Busy = false);

    private static double NextRandom()
    {
        lock (Jitter)
        {
            return Jitter.NextDouble();
        }
    }
}
