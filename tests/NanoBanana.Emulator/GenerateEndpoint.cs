using System.Globalization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace NanoBanana.Emulator;

/// <summary>POST /generate: validation, charging, then the sync, stream or async answer.</summary>
internal static class GenerateEndpoint
{
    private const string AsyncMessage =
        "Generation started. Use GET /api/v1/generate?id={generationId} to poll for results.";

    public static async Task HandleAsync(HttpContext context, EmulatorState state)
    {
        if (await ApiEndpoints.AuthenticateAsync(context, state) is not { } account)
        {
            return;
        }

        var body = context.Features.GetRequiredFeature<RequestBody>();
        if (body.TooLarge)
        {
            await EmulatorJson.WriteErrorAsync(context, StatusCodes.Status413PayloadTooLarge, "Request body too large");
            return;
        }

        var (request, error) = GenerateRequest.Parse(body.Bytes);
        if (request is null)
        {
            await EmulatorJson.WriteErrorAsync(context, StatusCodes.Status400BadRequest, error!);
            return;
        }

        if (request.Model.RequiresPro && !account.Pro)
        {
            await EmulatorJson.WriteErrorAsync(context, StatusCodes.Status403Forbidden, "This model requires a Pro subscription");
            return;
        }

        var fault = context.Features.Get<FaultSpec>();
        var result = state.Submit(Order(account.Key, request, fault));
        if (result is Refused refused)
        {
            await RefuseAsync(context, account, refused);
            return;
        }

        var accepted = (Accepted)result;
        if (fault is { RespondsAfterCharging: true })
        {
            await FaultResponses.ApplyAsync(context, fault);
            return;
        }

        try
        {
            await (request.Mode switch
            {
                GenerationMode.Sync => RespondSyncAsync(context, state, accepted),
                GenerationMode.Stream => StreamResponder.RespondAsync(context, state, account, accepted, fault),
                _ => EmulatorJson.WriteAsync(context, StatusCodes.Status200OK, new AsyncAccepted(
                    true, true, accepted.Generation.Id, AsyncMessage, accepted.Generation.CreditsUsed, accepted.RemainingCredits)),
            });
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client left; the generation carries on and stays readable through GET /generate?id=.
        }
    }

    private static GenerationOrder Order(string key, GenerateRequest request, FaultSpec? fault)
    {
        var (outcome, message) = fault is { Kind: FaultKind.Outcome, Outcome: { } forced }
            ? (forced, fault.ErrorMessage)
            : request.HasUnreachableReference
                ? (GenerationOutcome.Failed, "Failed to fetch reference image")
                : (GenerationOutcome.Completed, null);
        return new GenerationOrder(
            key, request.Prompt, request.ModelName, request.Mode, request.Cost, outcome, message, request.References);
    }

    private static Task RefuseAsync(HttpContext context, Account account, Refused refused)
    {
        switch (refused.Reason)
        {
            case Refusal.InsufficientCredits:
                return EmulatorJson.WriteErrorAsync(context, StatusCodes.Status402PaymentRequired, "Insufficient credits");
            case Refusal.AsyncBusy:
                return FaultResponses.WriteBusyAsync(context, refused.ActiveTasks);
            case Refusal.SyncBusy when account.BusyStyle == BusyStyle.SuccessFalse:
                return EmulatorJson.WriteAsync(context, StatusCodes.Status200OK, new BusyFalse(
                    false, Invariant($"You already have an active task in progress (active={refused.ActiveTasks})")));
            default:
                context.Response.Headers[HeaderNames.RetryAfter] = "5";
                return EmulatorJson.WriteErrorAsync(
                    context, StatusCodes.Status429TooManyRequests, Invariant($"Too many concurrent requests (active={refused.ActiveTasks})"));
        }
    }

    private static async Task RespondSyncAsync(HttpContext context, EmulatorState state, Accepted accepted)
    {
        var generation = await Settlement.WaitAsync(state, accepted.Generation.Id, context.RequestAborted);
        if (generation.Outcome == GenerationOutcome.Completed)
        {
            await EmulatorJson.WriteAsync(context, StatusCodes.Status200OK, new SyncSuccess(
                true, generation.Id, generation.ImageUrls, generation.CreditsUsed, accepted.RemainingCredits));
        }
        else if (generation.Outcome == GenerationOutcome.Rejected)
        {
            await EmulatorJson.WriteAsync(context, StatusCodes.Status200OK, new SafetyWarning(
                false, true, generation.Id, ContentSafety.Message(context.Request), generation.CreditsUsed, accepted.RemainingCredits));
        }
        else
        {
            await EmulatorJson.WriteErrorAsync(
                context, StatusCodes.Status500InternalServerError, generation.ErrorMessage ?? Generation.DefaultErrorMessage);
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
