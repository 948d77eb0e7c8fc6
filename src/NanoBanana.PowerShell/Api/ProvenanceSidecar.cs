using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace NanoBanana.Api;

/// <summary>
/// The JSON file beside an image (&lt;file&gt;.json) holding the same record as the embedded XMP: for formats the module
/// does not embed into (WebP, GIF), for a JPEG whose record passes the 64 KB segment limit, and with -Sidecar.
/// </summary>
internal static class ProvenanceSidecar
{
    /// <summary>Files larger than this are not a sidecar the module wrote.</summary>
    private const long MaxLength = 64L * 1024 * 1024;

    public static string PathFor(string imagePath) => imagePath + ".json";

    public static void Write(Stream target, ImageProvenance record)
    {
        var options = new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        using var json = new Utf8JsonWriter(target, options);
        json.WriteStartObject();
        foreach (var (name, value) in ProvenanceFields.Of(record).Where(field => field.Value is not null))
        {
            if (name is "CreditsUsed" or "ImageIndex")
            {
                json.WriteNumber(JsonName(name), int.Parse(value!, CultureInfo.InvariantCulture));
            }
            else
            {
                json.WriteString(JsonName(name), value);
            }
        }

        if (record.ReferenceImages is { } references)
        {
            json.WriteStartArray("referenceImages");
            foreach (var reference in references)
            {
                json.WriteStringValue(reference);
            }

            json.WriteEndArray();
        }

        json.WriteEndObject();
    }

    /// <summary>The record in the sidecar of <paramref name="imagePath"/>; null when there is none or it is not ours.</summary>
    public static ImageProvenance? TryRead(string imagePath)
    {
        var path = PathFor(imagePath);
        try
        {
            var file = new FileInfo(path);
            if (!file.Exists || file.Length > MaxLength)
            {
                return null;
            }

            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            return document.RootElement.ValueKind == JsonValueKind.Object ? FromJson(document.RootElement) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }

    private static ImageProvenance? FromJson(JsonElement root)
    {
        var values = new List<(string Name, string Value)>();
        string[]? references = null;
        foreach (var property in root.EnumerateObject())
        {
            if (property.Name.Length == 0)
            {
                continue;
            }

            var name = char.ToUpperInvariant(property.Name[0]) + property.Name.Substring(1);
            if (property.Value.ValueKind is JsonValueKind.String or JsonValueKind.Number)
            {
                values.Add((name, property.Value.ValueKind == JsonValueKind.String
                    ? property.Value.GetString()!
                    : property.Value.GetRawText()));
            }
            else if (name == "ReferenceImages" && property.Value.ValueKind == JsonValueKind.Array)
            {
                references = [.. property.Value.EnumerateArray()
                    .Where(item => item.ValueKind == JsonValueKind.String)
                    .Select(item => item.GetString()!)];
            }
        }

        if (!values.Any(v => v.Name == "CreatedBy"))
        {
            return null;
        }

        return ProvenanceFields.From(values) with { ReferenceImages = references };
    }

    private static string JsonName(string name) => char.ToLowerInvariant(name[0]) + name.Substring(1);
}
