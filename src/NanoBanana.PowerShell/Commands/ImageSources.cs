using System;
using System.Collections.Generic;
using System.Management.Automation;
using NanoBanana.Api;

namespace NanoBanana.Commands;

/// <summary>
/// What Save-NbImage downloads for each input: all images of an NbGeneration, an NbImage, or an image URL.
/// Deserialized objects (from jobs or remoting) work by their property names. Unusable inputs are written as
/// errors of the cmdlet and yield nothing.
/// </summary>
internal static class ImageSources
{
    public static IEnumerable<ImageSource> Of(object input, Cmdlet cmdlet)
    {
        var value = input is PSObject wrapped ? wrapped.BaseObject : input;
        switch (value)
        {
            case NbGeneration generation:
                return OfGeneration(generation.Id, generation.Status.ToString(), generation.Images, cmdlet, generation);
            case NbImage image:
                return [new ImageSource(image.Url, image.GenerationId, image.Index, image.ExpiresAt)];
            case Uri or string:
                return FromUrl(value.ToString(), cmdlet) is { } source ? [source] : [];
            case PSObject other when other.Properties["Images"]?.Value is { } images:
                var list = new List<NbImage>();
                foreach (var item in LanguagePrimitives.GetEnumerable(images) ?? Array.Empty<object>())
                {
                    if (FromProperties(item) is { } adapted)
                    {
                        list.Add(adapted);
                    }
                }

                var id = other.Properties["Id"]?.Value?.ToString() ?? "";
                return OfGeneration(id, other.Properties["Status"]?.Value?.ToString() ?? "", [.. list], cmdlet);
            case PSObject other when FromProperties(other) is { } adapted:
                return [new ImageSource(adapted.Url, adapted.GenerationId, adapted.Index, adapted.ExpiresAt)];
            default:
                var message = $"Save-NbImage cannot save {PipelineInput.Describe(value)}: pipe NbGeneration or NbImage "
                    + "objects, or image URLs.";
                cmdlet.WriteError(ErrorRecords.From(new NbApiException(NbErrorKind.InvalidRequest, message), input));
                return [];
        }
    }

    private static IEnumerable<ImageSource> OfGeneration(
        string id,
        string status,
        NbImage[] images,
        Cmdlet cmdlet,
        NbGeneration? generation = null)
    {
        if (images.Length == 0)
        {
            if (status == nameof(NbGenerationStatus.Processing))
            {
                var message = $"Generation {id} is still processing and has no images yet. Pipe it through " +
                    "Wait-NbGeneration first.";
                cmdlet.WriteError(ErrorRecords.From(
                    new NbApiException(NbErrorKind.GenerationNotReady, message, generationId: id),
                    id));
            }
            else
            {
                cmdlet.WriteVerbose($"Generation {id} ({status}) has no images to save.");
            }
        }

        foreach (var image in images)
        {
            yield return new ImageSource(
                image.Url,
                image.GenerationId is { Length: > 0 } own ? own : id,
                image.Index,
                image.ExpiresAt)
            { Generation = generation };
        }
    }

    private static ImageSource? FromUrl(string? text, Cmdlet cmdlet)
    {
        if (Uri.TryCreate(text, UriKind.Absolute, out var url) && url.Scheme is "http" or "https")
        {
            return new ImageSource(url, null, 1, null);
        }

        cmdlet.WriteError(ErrorRecords.From(new NbApiException(NbErrorKind.InvalidRequest, $"'{text}' is not an " +
            "http(s) image URL."), text));
        return null;
    }

    private static NbImage? FromProperties(object? item)
    {
        var properties = PSObject.AsPSObject(item).Properties;
        return properties["Url"]?.Value?.ToString() is { } text && Uri.TryCreate(text, UriKind.Absolute, out var url)
            ? new NbImage
            {
                Url = url,
                GenerationId = properties["GenerationId"]?.Value?.ToString() ?? "",
                Index = LanguagePrimitives.ConvertTo<int>(properties["Index"]?.Value ?? 1),
                ExpiresAt = properties["ExpiresAt"]?.Value is { } expires
                    ? LanguagePrimitives.ConvertTo<DateTimeOffset>(expires) : null,
            }
            : null;
    }
}
