using System;
using System.Collections.Generic;
using System.Globalization;

namespace NanoBanana.Api;

/// <summary>
/// The scalar fields of an <see cref="ImageProvenance"/> by name, as the XMP packet and the JSON sidecar store them
/// (text, the time in ISO 8601 with its offset), and back. Unknown names and values that do not parse are ignored.
/// </summary>
internal static class ProvenanceFields
{
    public static IEnumerable<(string Name, string? Value)> Of(ImageProvenance record)
    {
        yield return ("Prompt", record.Prompt);
        yield return ("Model", record.Model);
        yield return ("GenerationId", record.GenerationId);
        yield return ("AspectRatio", record.AspectRatio);
        yield return ("CreatedAt", record.CreatedAt?.ToString("o", CultureInfo.InvariantCulture));
        yield return ("CreditsUsed", record.CreditsUsed?.ToString(CultureInfo.InvariantCulture));
        yield return ("ImageIndex", record.ImageIndex?.ToString(CultureInfo.InvariantCulture));
        yield return ("SourceUrl", record.SourceUrl);
        yield return ("CreatedBy", record.CreatedBy);
    }

    public static ImageProvenance From(IEnumerable<(string Name, string Value)> values)
    {
        var record = new ImageProvenance();
        foreach (var (name, value) in values)
        {
            record = name switch
            {
                "Prompt" => record with { Prompt = value },
                "Model" => record with { Model = value },
                "GenerationId" => record with { GenerationId = value },
                "AspectRatio" => record with { AspectRatio = value },
                "CreatedAt" => record with { CreatedAt = Time(value) },
                "CreditsUsed" => record with { CreditsUsed = Number(value) },
                "ImageIndex" => record with { ImageIndex = Number(value) },
                "SourceUrl" => record with { SourceUrl = value },
                "CreatedBy" => record with { CreatedBy = value },
                _ => record,
            };
        }

        return record;
    }

    private static int? Number(string value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) ? number : null;

    private static DateTimeOffset? Time(string value) =>
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var time)
            ? time
            : null;
}
