using System.Text.Json;

namespace NanoBanana.Emulator;

/// <summary>A validated POST /generate body.</summary>
internal sealed record GenerateRequest(
    string Prompt, string ModelName, ModelInfo Model, GenerationMode Mode, IReadOnlyList<ReceivedReference> References)
{
    public const int MaxReferenceImages = 14;

    private static readonly HashSet<string> AspectRatios =
        ["default", "auto", "1:1", "2:3", "3:2", "3:4", "4:3", "4:5", "5:4", "9:16", "16:9", "21:9"];

    private static readonly HashSet<string> ExtremeAspectRatios = ["1:4", "4:1", "1:8", "8:1"];

    public int Cost => Model.CreditsCost + Math.Max(0, References.Count - 1);

    /// <summary>A reference on a host that cannot resolve (RFC 6761 <c>.invalid</c>) makes the generation fail.</summary>
    public bool HasUnreachableReference => References.Any(reference => !reference.IsData
        && Uri.TryCreate(reference.Url, UriKind.Absolute, out var uri)
        && uri.Host.EndsWith(".invalid", StringComparison.OrdinalIgnoreCase));

    /// <returns>The request, or the message of a 400 answer.</returns>
    public static (GenerateRequest? Request, string? Error) Parse(byte[] body)
    {
        using var document = TryParseObject(body);
        if (document is null)
        {
            return (null, "Invalid JSON body");
        }

        var root = document.RootElement;
        if (OptionalString(root, "prompt", out var prompt) is false || string.IsNullOrWhiteSpace(prompt))
        {
            return (null, "Prompt is required");
        }

        if (OptionalString(root, "mode", out var modeText) is false || ParseMode(modeText) is not { } mode)
        {
            return (null, "Invalid mode. Must be one of: sync, stream, async");
        }

        if (OptionalString(root, "selectedModel", out var modelName) is false
            || ModelCatalog.Find(modelName ??= ModelCatalog.DefaultModel) is not { } model)
        {
            return (null, "Invalid model");
        }

        if (OptionalString(root, "aspectRatio", out var aspectRatio) is false
            || (aspectRatio is not null && !AspectRatios.Contains(aspectRatio)
                && !(model.AllowsExtremeAspectRatios && ExtremeAspectRatios.Contains(aspectRatio))))
        {
            return (null, "Invalid aspect ratio");
        }

        if (prompt.Length > model.MaxPromptLength)
        {
            return (null, $"Prompt is too long (max {model.MaxPromptLength} characters)");
        }

        if (ReferenceUrls(root) is not { } references)
        {
            return (null, "referenceImageUrls must be an array of http(s) or data:image URLs");
        }

        if (references.Count > MaxReferenceImages)
        {
            return (null, $"Too many reference images (max {MaxReferenceImages})");
        }

        var received = new List<ReceivedReference>();
        foreach (var url in references)
        {
            var (reference, referenceError) = ReceivedReference.Parse(url, received.Count + 1);
            if (reference is null)
            {
                return (null, referenceError);
            }

            received.Add(reference);
        }

        return (new GenerateRequest(prompt, modelName, model, mode, received), null);
    }

    /// <summary>The mode and prompt as far as they can be read, for matching faults against any body.</summary>
    public static (GenerationMode? Mode, string? Prompt) Probe(byte[] body)
    {
        using var document = TryParseObject(body);
        if (document is null)
        {
            return (null, null);
        }

        OptionalString(document.RootElement, "prompt", out var prompt);
        OptionalString(document.RootElement, "mode", out var mode);
        return (ParseMode(mode), prompt);
    }

    private static JsonDocument? TryParseObject(byte[] body)
    {
        try
        {
            var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                return document;
            }

            document.Dispose();
            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <returns>False when the property is present with a type other than string or null.</returns>
    private static bool OptionalString(JsonElement root, string name, out string? value)
    {
        value = null;
        if (!root.TryGetProperty(name, out var property) || property.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (property.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        value = property.GetString();
        return true;
    }

    private static GenerationMode? ParseMode(string? mode) => mode switch
    {
        null or "sync" => GenerationMode.Sync,
        "stream" => GenerationMode.Stream,
        "async" => GenerationMode.Async,
        _ => null,
    };

    private static List<string>? ReferenceUrls(JsonElement root)
    {
        if (!root.TryGetProperty("referenceImageUrls", out var property) || property.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (property.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var urls = new List<string>();
        foreach (var item in property.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String || !IsAcceptedReference(item.GetString()!))
            {
                return null;
            }

            urls.Add(item.GetString()!);
        }

        return urls;
    }

    private static bool IsAcceptedReference(string url) =>
        url.StartsWith("data:image/", StringComparison.OrdinalIgnoreCase)
            ? url.Contains(";base64,", StringComparison.OrdinalIgnoreCase)
            : Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
