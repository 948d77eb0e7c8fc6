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

    public IReadOnlyList<ReferenceImage> ReferenceImages { get; set; } = [];

    public string? AspectRatio { get; set; }

    public GenerationMode Mode { get; set; }

    /// <summary>Another take of the same request: equal, but a generation of its own.</summary>
    public GenerationRequest Take() => new(Prompt)
    {
        Model = Model,
        ReferenceImages = ReferenceImages,
        AspectRatio = AspectRatio,
        Mode = Mode,
    };

    /// <summary>The references as people see them: URLs as they are, data: URLs by type and size, files by name.</summary>
    public string[] DescribeReferences() => [.. ReferenceImages.Select(r => r.Description)];

    /// <summary>What -WhatIf and -Confirm say of submitting it, at the cost given.</summary>
    public string DescribeGeneration(string cost)
    {
        var references = string.Join(", ", DescribeReferences());
        return $"Generate an image of \"{PromptPreview(60)}\"" + (references.Length == 0 ? "" : $" from {references}")
            + $" with {Model ?? CreditEstimate.DefaultModel} in {Mode} mode, costing {cost}.";
    }

    /// <summary>Fills in what was asked where the record says nothing (GET /generate has no aspect ratio).</summary>
    public NbGeneration Describe(NbGeneration generation)
    {
        generation.Prompt ??= Prompt;
        generation.Model ??= Model;
        generation.AspectRatio ??= AspectRatio;
        generation.ReferenceImages ??= DescribeReferences();
        return generation;
    }

    /// <summary>
    /// A request from what the user gave: the reference URLs first, then the files. A blank prompt, an unusable
    /// reference or a request past <see cref="ServiceLimits"/> is an NbInvalidRequest.
    /// </summary>
    /// <param name="referenceFiles">Full file-system paths.</param>
    public static GenerationRequest Create(
        string prompt,
        string? model,
        string? aspectRatio,
        IReadOnlyList<Uri> referenceImageUrls,
        IReadOnlyList<string> referenceFiles,
        GenerationMode mode)
    {
        if (string.IsNullOrWhiteSpace(prompt))
        {
            throw new NbApiException(NbErrorKind.InvalidRequest, "The prompt is blank: the service needs text to " +
                "generate from.");
        }

        if (referenceImageUrls.FirstOrDefault(u => !u.IsAbsoluteUri
            || u.Scheme is not ("http" or "https" or "data")) is { } bad)
        {
            throw new NbApiException(
                NbErrorKind.InvalidRequest,
                $"The reference image '{bad}' is not an http(s) URL or a data:image URL. The service fetches " +
                "reference images itself, so they must be reachable from the internet or inlined as data URLs.");
        }

        var request = new GenerationRequest(prompt)
        {
            Model = string.IsNullOrWhiteSpace(model) ? null : model!.Trim(),
            AspectRatio = string.IsNullOrWhiteSpace(aspectRatio) ? null : aspectRatio!.Trim(),
            ReferenceImages =
            [
                .. referenceImageUrls.Select(u => ReferenceImage.FromUrl(u.OriginalString)),
                .. referenceFiles.Select(ReferenceImage.FromFile),
            ],
            Mode = mode,
        };
        request.CheckLimits();
        return request;
    }

    /// <summary>The prompt, cut to at most <paramref name="length"/> characters for a message or a progress bar.</summary>
    public string PromptPreview(int length) =>
        Prompt.Length <= length ? Prompt : Prompt.Substring(0, length - 3) + "...";

    /// <summary>Refuses, with NbInvalidRequest, a request the service would refuse for its size.</summary>
    public void CheckLimits()
    {
        if (ReferenceImages.Count > ServiceLimits.MaxReferenceImages)
        {
            throw new NbApiException(
                NbErrorKind.InvalidRequest,
                $"{ReferenceImages.Count} reference images were given, but the service takes at most "
                    + $"{ServiceLimits.MaxReferenceImages} per request. Nothing was sent.");
        }

        var length = CreateBody().Length;
        if (length > ServiceLimits.MaxRequestBytes)
        {
            var largest = ReferenceImages.OrderByDescending(r => r.BodyLength).Select(r => r.Path is null
                ? r.Description
                : $"{r.Description} ({ServiceLimits.Size(r.FileLength)})");
            throw new NbApiException(
                NbErrorKind.InvalidRequest,
                $"The reference images are too large: {string.Join(", ", largest)} make a request of "
                    + $"{ServiceLimits.Size(length)}, and the service takes at most "
                    + $"{ServiceLimits.Size(ServiceLimits.MaxRequestBytes)}. Files are sent base64-encoded, a third "
                    + "larger, so about 7.5 MB of images fit in one request. Nothing was sent.");
        }
    }

    /// <summary>The body as the official CLI sends it: only the fields that are set, no mode for sync.</summary>
    public SubmissionBody CreateBody() => new(ToDto(), ReferenceImages);

    private GenerateRequestDto ToDto() => new()
    {
        Prompt = Prompt,
        SelectedModel = string.IsNullOrEmpty(Model) ? null : Model,
        AspectRatio = string.IsNullOrEmpty(AspectRatio) ? null : AspectRatio,
        Mode = Mode switch
        {
            GenerationMode.Stream => "stream",
            GenerationMode.Async => "async",
            _ => null,
        },
    };
}
