using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace NanoBanana.Emulator;

/// <summary>The responses of the faults that replace the real answer.</summary>
internal static class FaultResponses
{
    public const string BusyError = "Server is busy, too many concurrent tasks. Please retry later.";
    private const int DocumentedActiveTasks = 10;

    public static Task ApplyAsync(HttpContext context, FaultSpec fault) => fault.Kind switch
    {
        FaultKind.Status or FaultKind.Stall => WriteStatusAsync(context, fault),
        FaultKind.Reset => ResetAsync(context, fault.DelayMs),
        FaultKind.Busy => WriteBusyAsync(context, DocumentedActiveTasks),
        FaultKind.Redirect => RedirectAsync(context, fault.Status ?? StatusCodes.Status302Found, fault.Location!),
        _ => throw new ArgumentException($"{fault.Kind} does not replace the response", nameof(fault)),
    };

    public static Task WriteBusyAsync(HttpContext context, int activeTasks) =>
        EmulatorJson.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, new BusyBody(BusyError, "server_busy", activeTasks));

    private static async Task WriteStatusAsync(HttpContext context, FaultSpec fault)
    {
        var status = fault.Status ?? StatusCodes.Status500InternalServerError;
        var body = Encoding.UTF8.GetBytes(fault.Body ?? string.Create(
            CultureInfo.InvariantCulture, $$"""{"error":"Injected fault {{status}}"}"""));
        context.Response.StatusCode = status;
        if (fault.Reason is not null)
        {
            context.Features.GetRequiredFeature<IHttpResponseFeature>().ReasonPhrase = fault.Reason;
        }

        context.Response.ContentType = fault.ContentType ?? "application/json";
        context.Response.ContentLength = body.Length;
        foreach (var (name, value) in fault.Headers ?? new Dictionary<string, string>())
        {
            context.Response.Headers[name] = value;
        }

        await context.Response.Body.WriteAsync(body, context.RequestAborted);
    }

    private static async Task ResetAsync(HttpContext context, int delayMs)
    {
        await Task.Delay(delayMs, context.RequestAborted);
        ConnectionReset.Abort(context);
    }

    private static Task RedirectAsync(HttpContext context, int status, Uri location)
    {
        context.Response.StatusCode = status;
        context.Response.Headers[HeaderNames.Location] = location.IsAbsoluteUri ? location.AbsoluteUri : location.OriginalString;
        return Task.CompletedTask;
    }
}

internal sealed record BusyBody(string Error, string Type, int ActiveTasks);
