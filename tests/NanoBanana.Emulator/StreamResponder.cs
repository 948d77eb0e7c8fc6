using System.Text.Json;

namespace NanoBanana.Emulator;

/// <summary>The SSE answer of POST /generate with mode "stream": start, progress steps spread over the latency
/// (every step is sent, late ones before the final event), heartbeats, then complete or error.
/// The generation itself does not depend on the stream.</summary>
internal static class StreamResponder
{
    public static readonly string HeartbeatJson = Json(new StreamEvent("status", "Processing...", 0));

    public static async Task RespondAsync(
        HttpContext context, EmulatorState state, Account account, Accepted accepted, FaultSpec? fault)
    {
        var cancellationToken = context.RequestAborted;
        var writer = new SseWriter(context, fault?.Kind == FaultKind.Stream ? fault : null);
        await writer.StartAsync(cancellationToken);
        var id = accepted.Generation.Id;
        var start = new StreamEvent("status", "Starting generation...", 0, account.StreamEarlyId ? id : null);
        if (!await writer.WriteEventAsync(Json(start), final: false, cancellationToken))
        {
            return;
        }

        var heartbeat = TimeSpan.FromMilliseconds(account.HeartbeatMs);
        var nextHeartbeat = DateTimeOffset.UtcNow + heartbeat;
        var stepsDone = 0;
        while (true)
        {
            var generation = state.GetGeneration(id)!;
            var now = DateTimeOffset.UtcNow;
            var steps = account.ProgressSteps;
            var nextStep = stepsDone < steps.Count
                ? generation.CreatedAt + TimeSpan.FromMilliseconds(generation.LatencyMs * (stepsDone + 1.0) / (steps.Count + 1))
                : (DateTimeOffset?)null;
            bool more;
            if (now >= nextStep)
            {
                more = await writer.WriteEventAsync(
                    Json(new StreamEvent("status", "Processing...", steps[stepsDone++])), final: false, cancellationToken);
            }
            else if (generation.StatusAt(now) != ProcessingStatus.Processing)
            {
                await writer.WriteEventAsync(Json(Final(generation, accepted, context.Request)), final: true, cancellationToken);
                return;
            }
            else if (now >= nextHeartbeat)
            {
                nextHeartbeat += heartbeat;
                more = await WriteHeartbeatAsync(writer, account.HeartbeatStyle, cancellationToken);
            }
            else
            {
                var earliest = nextStep < nextHeartbeat ? nextStep.Value : nextHeartbeat;
                await Task.Delay(Settlement.UntilNextCheck(generation, now, earliest), cancellationToken);
                more = true;
            }

            if (!more)
            {
                return;
            }
        }
    }

    private static async Task<bool> WriteHeartbeatAsync(SseWriter writer, HeartbeatStyle style, CancellationToken cancellationToken)
    {
        if (style == HeartbeatStyle.Comment)
        {
            await writer.WriteCommentAsync("ping", cancellationToken);
            return true;
        }

        return await writer.WriteEventAsync(HeartbeatJson, final: false, cancellationToken);
    }

    private static StreamEvent Final(Generation generation, Accepted accepted, HttpRequest request) => generation.Outcome switch
    {
        GenerationOutcome.Completed => new StreamEvent("complete", "Generation complete", 100, Data: new StreamSuccess(
            true, generation.ImageUrls, generation.Id, generation.CreditsUsed, accepted.RemainingCredits)),
        GenerationOutcome.Rejected => new StreamEvent("complete", "Generation complete", 100, Data: new SafetyWarning(
            false, true, generation.Id, ContentSafety.Message(request), generation.CreditsUsed, accepted.RemainingCredits)),
        _ => new StreamEvent("error", GenerationData.FailureMessage(generation, request), 0, Data: new StreamFailure(
            false, GenerationData.FailureMessage(generation, request))),
    };

    private static string Json(StreamEvent streamEvent) => JsonSerializer.Serialize(streamEvent, EmulatorJson.Options);
}
