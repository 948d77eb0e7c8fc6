using System.Text.Json;

namespace NanoBanana.Emulator;

/// <summary>/_emulator: the typed operations of <see cref="EmulatorState"/> over HTTP, for scripts and people.</summary>
internal static class ControlEndpoints
{
    public const string Root = "/_emulator";

    public static void Map(WebApplication app, EmulatorState state, string cdnOrigin, string proxyOrigin)
    {
        var control = app.MapGroup(Root);
        control.MapGet("/info", context => OkAsync(context, new EmulatorInfo(
            $"http://127.0.0.1:{context.Connection.LocalPort}{ApiEndpoints.Root}", cdnOrigin, state.DemoKey, proxyOrigin)));

        control.MapPost("/accounts", context => WithBodyAsync<AccountSpec>(context, spec => OkAsync(context, state.CreateAccount(spec))));
        control.MapGet("/accounts/{key}", context => OkOrNotFoundAsync(context, state.GetAccount(Route(context, "key"))));
        control.MapMethods("/accounts/{key}", [HttpMethods.Patch], context => WithBodyAsync<AccountSpec>(
            context, changes => OkOrNotFoundAsync(context, state.UpdateAccount(Route(context, "key"), changes))));

        control.MapGet("/requests", context => GetRequestsAsync(context, state));
        control.MapDelete("/requests", context =>
        {
            state.ClearRequests();
            return NoContentAsync(context);
        });

        control.MapPost("/faults", context => WithBodyAsync<FaultSpec>(context, fault => OkAsync(context, new ArmedFault(state.ArmFault(fault)))));
        control.MapDelete("/faults", context =>
        {
            state.ClearFaults();
            return NoContentAsync(context);
        });
        control.MapDelete("/faults/{id}", context =>
            state.DisarmFault(Route(context, "id")) ? NoContentAsync(context) : NotFoundAsync(context));

        control.MapGet("/proxy", context => OkAsync(context, state.Proxy));
        control.MapPut("/proxy", context => WithBodyAsync<ProxySettings>(context, settings => OkAsync(context, state.ConfigureProxy(settings))));

        control.MapGet("/generations", context => OkAsync(context, state.Generations(Query(context, "key"))));
        control.MapGet("/generations/{id}", context => OkOrNotFoundAsync(context, state.GetGeneration(Route(context, "id"))));
        control.MapMethods("/generations/{id}", [HttpMethods.Patch], context => WithBodyAsync<GenerationChanges>(
            context, changes => OkOrNotFoundAsync(context, state.UpdateGeneration(Route(context, "id"), changes))));
    }

    private static Task GetRequestsAsync(HttpContext context, EmulatorState state)
    {
        RequestOrigin? origin = null;
        if (Query(context, "origin") is { } originText)
        {
            if (!Enum.TryParse<RequestOrigin>(originText, ignoreCase: true, out var parsed))
            {
                return EmulatorJson.WriteErrorAsync(context, StatusCodes.Status400BadRequest, "origin must be api, cdn or proxy");
            }

            origin = parsed;
        }

        return OkAsync(context, state.Requests(Query(context, "key"), origin, Query(context, "method"), Query(context, "path")));
    }

    private static async Task WithBodyAsync<T>(HttpContext context, Func<T, Task> handle)
    {
        T? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync<T>(context.Request.Body, EmulatorJson.Options, context.RequestAborted);
        }
        catch (JsonException e)
        {
            await EmulatorJson.WriteErrorAsync(context, StatusCodes.Status400BadRequest, e.Message);
            return;
        }

        if (body is null)
        {
            await EmulatorJson.WriteErrorAsync(context, StatusCodes.Status400BadRequest, "a JSON object is required");
            return;
        }

        try
        {
            await handle(body);
        }
        catch (ArgumentException e)
        {
            await EmulatorJson.WriteErrorAsync(context, StatusCodes.Status400BadRequest, e.Message);
        }
    }

    private static Task OkAsync<T>(HttpContext context, T value) => EmulatorJson.WriteAsync(context, StatusCodes.Status200OK, value);

    private static Task OkOrNotFoundAsync<T>(HttpContext context, T? value) where T : class =>
        value is null ? NotFoundAsync(context) : OkAsync(context, value);

    private static Task NotFoundAsync(HttpContext context) =>
        EmulatorJson.WriteErrorAsync(context, StatusCodes.Status404NotFound, "Not found");

    private static Task NoContentAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status204NoContent;
        return Task.CompletedTask;
    }

    private static string Route(HttpContext context, string name) => (string)context.GetRouteValue(name)!;

    private static string? Query(HttpContext context, string name) =>
        context.Request.Query.TryGetValue(name, out var value) && !string.IsNullOrEmpty(value) ? value.ToString() : null;
}

internal sealed record EmulatorInfo(string BaseUrl, string CdnUrl, string DemoKey, string ProxyUrl);

internal sealed record ArmedFault(string Id);
