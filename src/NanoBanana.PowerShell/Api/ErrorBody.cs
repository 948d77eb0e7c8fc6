using System.Text.Json;

namespace NanoBanana.Api;

/// <summary>What the service said in an error body.</summary>
internal readonly record struct ErrorBody(string Message, string? Type, string? GenerationId)
{
    private const int MaxShownLength = 300;

    /// <summary>Reads the message from <c>error</c> (text or <c>{"message"}</c>), then <c>message</c>, <c>msg</c>, <c>errorMessage</c>; else the raw text.</summary>
    public static ErrorBody Parse(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.Length == 0)
        {
            return new ErrorBody("no details", null, null);
        }

        try
        {
            using var document = JsonDocument.Parse(trimmed);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                var root = document.RootElement;
                var message = Text(
                    root,
                    "error") ?? NestedMessage(root) ?? Text(
                        root,
                        "message") ?? Text(root, "msg") ?? Text(root, "errorMessage");
                return new ErrorBody(Shorten(message ?? trimmed), Text(root, "type"), Text(root, "generationId"));
            }
        }
        catch (JsonException)
        {
        }

        return new ErrorBody(Shorten(trimmed), null, null);
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(
            name,
            out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string? NestedMessage(JsonElement root) =>
        root.TryGetProperty(
            "error",
            out var error) && error.ValueKind == JsonValueKind.Object ? Text(error, "message") : null;

    private static string Shorten(string text)
    {
        var oneLine = text.Replace("\r", " ").Replace("\n", " ");
        return oneLine.Length <= MaxShownLength ? oneLine : oneLine.Substring(0, MaxShownLength) + "...";
    }
}
