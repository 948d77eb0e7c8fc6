using System;
using System.Collections.Generic;
using System.Management.Automation;
using NanoBanana.Api;

namespace NanoBanana.Commands;

/// <summary>
/// What Save-NbImage downloads for each input: all images of an NbGeneration, an NbImage, or an image URL.
/// Deserialized objects (from jobs or remoting) and custom objects work by their property names. Unusable inputs are
/// written as errors of the cmdlet and yield nothing.
/// </summary>
internal static class ImageSources
{
    public static IEnumerable<ImageSource> Of(object input, Cmdlet cmdlet)
    {
        var value = input is PSObject wrapped ? wrapped.BaseObject : input;
        var adapter = PSObject.AsPSObject(input);
        switch (value)
        {
            case NbGeneration generation:
                return OfGeneration(generation.Id, generation.Status.ToString(), generation.Images, cmdlet, generation);
            case NbImage image:
                return [new ImageSource(image.Url, image.GenerationId, image.Index, image.ExpiresAt)];
            case Uri or string:
                return FromUrl(value.ToString(), cmdlet) is { } source ? [source] : [];
            case not null when adapter.Properties["Images"]?.Value is { } images:
                var copy = Deserialized(adapter);
                var status = adapter.Properties["Status"]?.Value?.ToString() ?? "";
                return OfGeneration(copy.Id, status, ImagesOf(images), cmdlet, copy);
            case not null when FromProperties(adapter) is { } adapted:
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

    /// <summary>
    /// The images of a generation known by its properties: objects with a Url, or (past the serialization depth of a
    /// job or remoting) the URLs themselves.
    /// </summary>
    private static NbImage[] ImagesOf(object images)
    {
        var list = new List<NbImage>();
        foreach (var item in LanguagePrimitives.GetEnumerable(images) ?? Array.Empty<object>())
        {
            var text = PSObject.AsPSObject(item).BaseObject is string or Uri ? item.ToString() : null;
            if ((text is not null && Uri.TryCreate(text, UriKind.Absolute, out var url)
                ? new NbImage { Url = url, Index = list.Count + 1 }
                : FromProperties(item)) is { } image)
            {
                list.Add(image);
            }
        }

        return [.. list];
    }

    /// <summary>What a generation that went through serialization (a job, remoting) says about itself.</summary>
    private static NbGeneration Deserialized(PSObject generation)
    {
        T? Value<T>(string name) =>
            LanguagePrimitives.TryConvertTo<T>(generation.Properties[name]?.Value, out var value) ? value : default;
        return new NbGeneration
        {
            Id = generation.Properties["Id"]?.Value?.ToString() ?? "",
            Prompt = Value<string>(nameof(NbGeneration.Prompt)),
            Model = Value<string>(nameof(NbGeneration.Model)),
            AspectRatio = Value<string>(nameof(NbGeneration.AspectRatio)),
            CreatedAt = Value<DateTimeOffset?>(nameof(NbGeneration.CreatedAt)),
            CreditsUsed = Value<int?>(nameof(NbGeneration.CreditsUsed)),
            ReferenceImages = Value<string[]>(nameof(NbGeneration.ReferenceImages)),
        };
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
