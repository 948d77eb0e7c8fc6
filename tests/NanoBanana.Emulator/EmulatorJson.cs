using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace NanoBanana.Emulator;

internal static class EmulatorJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static Task WriteAsync<T>(HttpContext context, int status, T value)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(value, Options, context.RequestAborted);
    }

    public static Task WriteErrorAsync(HttpContext context, int status, string error) =>
        WriteAsync(context, status, new ErrorBody(error));
}

internal sealed record ErrorBody(string Error);
