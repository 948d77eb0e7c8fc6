using System;
using System.Collections.Generic;
using System.Linq;

namespace NanoBanana.Api;

/// <summary>What to generate.</summary>
internal sealed class GenerationRequest
{
    public GenerationRequest(string prompt) => Prompt = prompt;

    public string Prompt { get; }

    public string? Model { get; set; }

    public IReadOnlyList<string> ReferenceImageUrls { get; set; } = [];

    public string? AspectRatio { get; set; }

    public GenerationMode Mode { get; set; }

    /// <summary>The references as people may see them: URLs as they are, data: URLs by type and size.</summary>
    public string[] DescribeReferences() =>
        [.. ReferenceImageUrls.Select(url => DataUrl.IsDataUrl(url) ? DataUrl.Describe(url) : url)];

    /// <summary>Fills in what was asked where the record says nothing (GET /generate has no aspect ratio).</summary>
    public NbGeneration Describe(NbGeneration generation)
    {
        generation.Prompt ??= Prompt;
        generation.Model ??= Model;
        generation.AspectRatio ??= AspectRatio;
        generation.ReferenceImages ??= DescribeReferences();
        return generation;
    }

    /// <summary>A request from what the user gave; a blank prompt or an unusable reference is an NbInvalidRequest.</summary>
    public static GenerationRequest Create(
        string prompt,
        string? model,
        string? aspectRatio,
        IReadOnlyList<Uri> referenceImageUrls,
        GenerationMode mode)
    {
        if (string.IsNullOrWhiteSpace(prompt))
        {
            throw new NbApiException(NbErrorKind.InvalidRequest, "The prompt is blank: the service needs text to generate from.");
        }

        if (referenceImageUrls.FirstOrDefault(u => !u.IsAbsoluteUri || u.Scheme is not ("http" or "https" or "data")) is { } bad)
        {
            throw new NbApiException(
                NbErrorKind.InvalidRequest,
                $"The reference image '{bad}' is not an http(s) URL or a data:image URL. The service fetches reference images itself, so they must be reachable from the internet or inlined as data URLs.");
        }

        return new GenerationRequest(prompt)
        {
            Model = string.IsNullOrWhiteSpace(model) ? null : model!.Trim(),
            AspectRatio = string.IsNullOrWhiteSpace(aspectRatio) ? null : aspectRatio!.Trim(),
            ReferenceImageUrls = [.. referenceImageUrls.Select(u => u.OriginalString)],
            Mode = mode,
        };
    }

    /// <summary>The prompt, cut to at most <paramref name="length"/> characters for a message or a progress bar.</summary>
    public string PromptPreview(int length) =>
        Prompt.Length <= length ? Prompt : Prompt.Substring(0, length - 3) + "...";

    /// <summary>The body as the official CLI sends it: only the fields that are set, no mode for sync.</summary>
    public GenerateRequestDto ToDto() => new()
    {
        Prompt = Prompt,
        SelectedModel = string.IsNullOrEmpty(Model) ? null : Model,
        ReferenceImageUrls = ReferenceImageUrls.Count == 0 ? null : [.. ReferenceImageUrls],
        AspectRatio = string.IsNullOrEmpty(AspectRatio) ? null : AspectRatio,
        Mode = Mode switch
        {
            GenerationMode.Stream => "stream",
            GenerationMode.Async => "async",
            _ => null,
        },
    };
}
