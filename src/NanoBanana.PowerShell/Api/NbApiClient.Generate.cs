using System;
using System.Threading;
using System.Threading.Tasks;

namespace NanoBanana.Api;

internal sealed partial class NbApiClient
{
    /// <summary>
    /// Runs a generation in the request's mode. In async mode it returns the Processing generation, or with
    /// <paramref name="waitForAsync"/> polls it to the end. <paramref name="onProgress"/> gets the stream's events
    /// and, while polling, the generation id.
    /// </summary>
    public async Task<NbGeneration> GenerateAsync(
        GenerationRequest request,
        bool waitForAsync,
        TimeSpan streamIdleTimeout,
        Action<StreamProgress> onProgress,
        CancellationToken cancellationToken)
    {
        switch (request.Mode)
        {
            case GenerationMode.Stream:
                return await StreamAsync(request, onProgress, streamIdleTimeout, cancellationToken)
                    .ConfigureAwait(false);
            case GenerationMode.Async when waitForAsync:
                var submitted = await SubmitAsync(request, cancellationToken, Retrying(onProgress))
                    .ConfigureAwait(false);
                onProgress(new StreamProgress(0, $"Submitted as {submitted.Id}; waiting for it", submitted.Id));
                var finished = await FollowAsync(
                    submitted.Id,
                    GenerationWaiter.DefaultFirstPoll,
                    onProgress,
                    cancellationToken).ConfigureAwait(false);
                finished.RemainingCredits ??= submitted.RemainingCredits;
                return request.Describe(finished);
            default:
                return await SubmitAsync(request, cancellationToken, Retrying(onProgress)).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Polls a generation the service took until it completes or fails, within the wait timeout, the first poll after
    /// <paramref name="firstPoll"/>. Running out of time is an error that names the id.
    /// </summary>
    public async Task<NbGeneration> FollowAsync(
        string id,
        TimeSpan firstPoll,
        Action<StreamProgress> onProgress,
        CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Options.WaitTimeout);
        try
        {
            return await new GenerationWaiter(this).WaitOneAsync(
                id,
                firstPoll,
                GenerationWaiter.DefaultInterval,
                deadline.Token,
                r => onProgress(new StreamProgress(
                    0,
                    r.ServiceSays is { } word ? $"Waiting: {word}" : $"Waiting for {id}",
                    id))).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw StillRunning(id, e);
        }
    }

    private static Action<string> Retrying(Action<StreamProgress> onProgress) =>
        message => onProgress(new StreamProgress(0, message, null));
}
