namespace NanoBanana.Emulator;

/// <summary>Buffers the request body and records the exchange in the request log.</summary>
internal sealed class RequestRecorder(RequestDelegate next, EmulatorState state, RequestOrigin origin)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var body = await RequestBody.ReadAsync(context.Request, context.RequestAborted);
        context.Features.Set(body);
        var entry = new LoggedRequest
        {
            Time = DateTimeOffset.UtcNow,
            Origin = origin,
            Method = context.Request.Method,
            Path = context.Request.Path.Value ?? "",
            Query = context.Request.QueryString.Value ?? "",
            Headers = context.Request.Headers.ToDictionary(
                h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            Body = body.LogText,
            Key = BearerKey.From(context.Request),
            Owner = origin == RequestOrigin.Cdn ? state.FindByImagePath(context.Request.Path.Value ?? "")?.Key : null,
        };
        state.Log.Add(entry);

        try
        {
            await next(context);
        }
        catch (OperationCanceledException) when (ConnectionReset.Happened(context))
        {
            return;
        }

        if (!ConnectionReset.Happened(context))
        {
            entry.Finish(context.Response.StatusCode);
        }
    }
}
