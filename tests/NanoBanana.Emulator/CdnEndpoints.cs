using Microsoft.Net.Http.Headers;
using NanoBanana.Emulator.Imaging;

namespace NanoBanana.Emulator;

/// <summary>The image host: /png/&lt;ms&gt;_&lt;nnn&gt;.png for completed generations, until their URLs expire.</summary>
internal static class CdnEndpoints
{
    public static void Map(WebApplication app, EmulatorState state, ImageStore images)
    {
        app.MapMethods("/png/{name}", [HttpMethods.Get, HttpMethods.Head], context => ServeAsync(context, state, images));
        app.MapFallback(context => WriteTextAsync(context, StatusCodes.Status404NotFound, "Not Found"));
    }

    private static async Task ServeAsync(HttpContext context, EmulatorState state, ImageStore images)
    {
        if (context.Request.Headers.UserAgent.ToString().Contains("Python-urllib", StringComparison.OrdinalIgnoreCase))
        {
            await WriteTextAsync(context, StatusCodes.Status403Forbidden, "error code: 1010");
            return;
        }

        var now = DateTimeOffset.UtcNow;
        var generation = state.FindByImagePath(context.Request.Path.Value ?? "");
        if (generation is null || generation.StatusAt(now) != ProcessingStatus.Completed)
        {
            await WriteTextAsync(context, StatusCodes.Status404NotFound, "Not Found");
            return;
        }

        var owner = state.GetAccount(generation.Key)!;
        if (now - generation.DueAt > TimeSpan.FromSeconds(owner.ImageTtlSeconds))
        {
            await WriteTextAsync(context, owner.ExpiredStatus, "Expired");
            return;
        }

        var bytes = images.Get(generation);
        context.Response.ContentType = "image/" + generation.Image.Format.ToString().ToLowerInvariant();
        context.Response.ContentLength = bytes.Length;
        context.Response.Headers[HeaderNames.CacheControl] = "public, max-age=1296000";
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
        }
    }

    private static Task WriteTextAsync(HttpContext context, int status, string text)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(text, context.RequestAborted);
    }
}
