using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace NanoBanana.Api;

internal sealed partial class NbApiClient
{
    /// <summary>How long a stream may stay silent: three missed heartbeats (the service sends one every 15 s).</summary>
    public static readonly TimeSpan DefaultStreamIdleTimeout = TimeSpan.FromSeconds(45);

    /// <summary>
    /// POST /generate in stream mode. A stream that breaks or stalls after the generation id is known is not
    /// resubmitted: the generation is followed by polling its id instead.
    /// </summary>
    public Task<NbGeneration> StreamAsync(
        GenerationRequest request,
        Action<StreamProgress> onProgress,
        TimeSpan idleTimeout,
        CancellationToken cancellationToken) =>
        sender.SendAsync(
            RequestKind.Submit,
            "POST /generate (stream)",
            () => CreateSubmission(request, "text/event-stream"),
            async (response, ct) =>
            {
                await ThrowIfFailedAsync(response, RequestKind.Submit, "POST /generate", ct).ConfigureAwait(false);
                var mediaType = response.Content.Headers.ContentType?.MediaType;
                if (mediaType?.EndsWith("json", StringComparison.OrdinalIgnoreCase) == true)
                {
                    return await ReadSubmissionAsync(response, request, ct).ConfigureAwait(false);
                }

                return await ReadEventsAsync(response, request, onProgress, idleTimeout, ct, cancellationToken)
                    .ConfigureAwait(false);
            },
            cancellationToken,
            Retrying(onProgress));

    private async Task<NbGeneration> ReadEventsAsync(
        HttpResponseMessage response,
        GenerationRequest request,
        Action<StreamProgress> onProgress,
        TimeSpan idleTimeout,
        CancellationToken attemptToken,
        CancellationToken stopToken)
    {
        var state = new StreamState();
        string interruption;
        using (var stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false))
        using (var idle = CancellationTokenSource.CreateLinkedTokenSource(attemptToken))
        {
            try
            {
                var reading = ReadUntilResultAsync(stream, idle, idleTimeout, state, request, onProgress);
                if (await reading.ConfigureAwait(false) is { } result)
                {
                    return result;
                }

                interruption = "the event stream ended before its result";
            }
            catch (NbApiException e) when (state.GenerationId is { } id)
            {
                throw ApiErrors.ForGeneration(e, id);
            }
            catch (Exception e) when (RetryingSender.IsInterruption(e) && attemptToken.IsCancellationRequested
                && !stopToken.IsCancellationRequested)
            {
                throw state.GenerationId is null
                    ? ApiErrors.OutcomeUnknown("The generation did not finish within the time allowed " +
                        "(-TimeoutSec)", null, inner: e)
                    : StillRunning(state.GenerationId, e);
            }
            catch (Exception e) when (IsBreak(e) && !stopToken.IsCancellationRequested)
            {
                interruption = e is IOException or HttpRequestException
                    ? $"the event stream broke ({RetryingSender.Describe(e)})"
                    : $"the event stream was silent for {idleTimeout.TotalSeconds:0} seconds";
            }
        }

        return await FollowInsteadAsync(state.GenerationId, interruption, request, attemptToken, stopToken)
            .ConfigureAwait(false);
    }

    /// <summary>The stream went silent (the idle timer closed it) or broke.</summary>
    private static bool IsBreak(Exception e) =>
        e is OperationCanceledException or ObjectDisposedException or IOException or HttpRequestException;

    /// <summary>Feeds the stream to the parser until an event settles the generation; null when the stream ends first.</summary>
    private async Task<NbGeneration?> ReadUntilResultAsync(
        Stream stream,
        CancellationTokenSource idle,
        TimeSpan idleTimeout,
        StreamState state,
        GenerationRequest request,
        Action<StreamProgress> onProgress)
    {
        using var closeWhenIdle = idle.Token.Register(stream.Dispose);
        var decoder = Encoding.UTF8.GetDecoder();
        var bytes = new byte[8192];
        var chars = new char[Encoding.UTF8.GetMaxCharCount(bytes.Length)];
        var parser = new SseParser();
        var events = new List<SseEvent>();
        while (true)
        {
            idle.CancelAfter(idleTimeout);
            var read = await stream.ReadAsync(bytes, 0, bytes.Length, idle.Token).ConfigureAwait(false);
            if (read == 0)
            {
                state.GenerationId ??= IdIn(parser.Complete());
                return null;
            }

            var count = decoder.GetChars(bytes, 0, read, chars, 0);
            parser.Feed(chars.AsSpan(0, count), events);
            foreach (var e in events)
            {
                if (Handle(e, state, request, onProgress) is { } result)
                {
                    return result;
                }
            }

            events.Clear();
        }
    }

    /// <summary>After the stream broke or went silent: follows the generation it named by polling, never submitting again.</summary>
    private async Task<NbGeneration> FollowInsteadAsync(
        string? generationId,
        string interruption,
        GenerationRequest request,
        CancellationToken attemptToken,
        CancellationToken stopToken)
    {
        if (generationId is null)
        {
            throw ApiErrors.OutcomeUnknown($"{Capitalize(interruption)}, before the service said the " +
                "generation id", null);
        }

        Log($"POST /generate (stream): {interruption}; following generation {generationId} by polling instead of " +
            "submitting again.");
        try
        {
            var waiter = new GenerationWaiter(this);
            var finished = await waiter.WaitOneAsync(
                generationId,
                TimeSpan.Zero,
                GenerationWaiter.DefaultInterval,
                attemptToken).ConfigureAwait(false);
            return request.Describe(finished);
        }
        catch (OperationCanceledException e) when (!stopToken.IsCancellationRequested)
        {
            throw StillRunning(generationId, e);
        }
    }

    private NbGeneration? Handle(
        SseEvent e,
        StreamState state,
        GenerationRequest request,
        Action<StreamProgress> onProgress)
    {
        StreamEventDto? item;
        try
        {
            item = JsonSerializer.Deserialize(e.Data, ApiJsonContext.Default.StreamEventDto);
        }
        catch (JsonException)
        {
            Log("POST /generate (stream): ignored an event that is not JSON.");
            return null;
        }

        state.GenerationId ??= item?.GenerationId ?? item?.Data?.GenerationId;
        switch (item?.Type)
        {
            case "status":
                state.Percent = Math.Max(state.Percent, (int)Math.Min(99, Math.Max(0, item.Progress ?? 0)));
                onProgress(new StreamProgress(state.Percent, item.Message ?? "", state.GenerationId));
                return null;
            case "complete":
                var data = item.Data ?? throw Responses.Malformed("the stream's complete event", "no 'data'");
                data.GenerationId ??= state.GenerationId;
                onProgress(new StreamProgress(100, item.Message ?? "", data.GenerationId));
                return Responses.FromSubmission(
                    data,
                    request,
                    Endpoint.BaseUri,
                    DateTimeOffset.UtcNow,
                    "the stream's complete event");
            case "error":
                var reason = item.Message ?? item.Data?.Error ?? "no reason given";
                throw new NbApiException(NbErrorKind.GenerationFailed, "The generation failed: " +
                    $"{reason}", generationId: state.GenerationId);
            default:
                Log($"POST /generate (stream): ignored an event of type '{item?.Type}'.");
                return null;
        }
    }

    private static NbApiException StillRunning(string generationId, Exception inner) => new(
        NbErrorKind.Timeout,
        $"Generation {generationId} did not finish within the time allowed (-TimeoutSec). It may still complete: " +
        $"follow it with Wait-NbGeneration -Id {generationId}.",
        generationId: generationId,
        innerException: inner);

    /// <summary>The generation id an untrusted event (one the stream never finished) names, if it is JSON that names one.</summary>
    private static string? IdIn(string? data)
    {
        try
        {
            var item = data is null ? null : JsonSerializer.Deserialize(data, ApiJsonContext.Default.StreamEventDto);
            return item?.GenerationId ?? item?.Data?.GenerationId;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Capitalize(string text) => char.ToUpperInvariant(text[0]) + text.Substring(1);

    private sealed class StreamState
    {
        public string? GenerationId { get; set; }

        public int Percent { get; set; }
    }
}
