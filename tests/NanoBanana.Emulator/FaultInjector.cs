using System.Text;
using Microsoft.AspNetCore.Http.Features;

namespace NanoBanana.Emulator;

/// <summary>Finds the armed fault a request matches and applies it, or leaves it to the endpoint (outcome, stream, charge).</summary>
internal sealed class FaultInjector(RequestDelegate next, EmulatorState state, RequestOrigin origin)
{
    private const string MalformedJson = """{"success": tru""";

    public async Task InvokeAsync(HttpContext context)
    {
        var fault = state.Faults.Take(Facts(context));
        if (fault is null)
        {
            await next(context);
            return;
        }

        context.Features.Set(fault);
        if (fault.RespondsAfterCharging && IsSubmission(context))
        {
            await next(context);
            return;
        }

        switch (fault.Kind)
        {
            case FaultKind.Reset when fault.AfterBytes is { } afterBytes:
                context.Response.Body = new TruncatingStream(context.Response.Body, afterBytes, context);
                await next(context);
                break;
            case FaultKind.Stall:
                context.Response.Body = new StallingStream(context.Response.Body, fault.AfterBytes ?? 0, context.RequestAborted);
                await (fault.Status is null ? next(context) : FaultResponses.ApplyAsync(context, fault));
                break;
            case FaultKind.Status or FaultKind.Reset or FaultKind.Busy or FaultKind.Redirect:
                await FaultResponses.ApplyAsync(context, fault);
                break;
            case FaultKind.SlowHeaders:
                await Task.Delay(fault.DelayMs, context.RequestAborted);
                await next(context);
                break;
            case FaultKind.SlowBody:
                context.Response.Body = new ThrottledStream(context.Response.Body, fault.ChunkBytes, fault.DelayMs);
                await next(context);
                break;
            case FaultKind.MalformedJson:
                await ReplaceBodyAsync(context, Encoding.UTF8.GetBytes(fault.Body ?? MalformedJson));
                break;
            default:
                await next(context);
                break;
        }
    }

    /// <summary>Runs the endpoint for its side effects (charging, generation) but sends <paramref name="body"/> with its status.</summary>
    private async Task ReplaceBodyAsync(HttpContext context, byte[] body)
    {
        var realBody = context.Features.GetRequiredFeature<IHttpResponseBodyFeature>();
        using var discarded = new MemoryStream();
        context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(discarded));
        try
        {
            await next(context);
        }
        finally
        {
            context.Features.Set(realBody);
        }

        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body, context.RequestAborted);
    }

    private RequestFacts Facts(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path;
        if (origin == RequestOrigin.Cdn)
        {
            var owner = state.FindByImagePath(path.Value ?? "");
            return new RequestFacts(origin, request.Method, path.Value ?? "", owner?.Key, owner?.Mode, owner?.Prompt);
        }

        var relative = path.StartsWithSegments(ApiEndpoints.Root, out var rest) ? rest : path;
        var body = context.Features.GetRequiredFeature<RequestBody>();
        var (mode, prompt) = IsSubmission(context) ? GenerateRequest.Probe(body.Bytes) : (null, null);
        return new RequestFacts(origin, request.Method, relative.Value ?? "", BearerKey.From(request), mode, prompt);
    }

    private bool IsSubmission(HttpContext context) =>
        origin == RequestOrigin.Api
        && HttpMethods.IsPost(context.Request.Method)
        && context.Request.Path.Equals(ApiEndpoints.Root + "/generate", StringComparison.OrdinalIgnoreCase);
}
