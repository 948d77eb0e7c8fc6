using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace NanoBanana.Api;

/// <summary>Turns the API's wire shapes into the module's types, refusing shapes the contract does not allow.</summary>
internal static class Responses
{
    public static NbModel[] ToModels(ModelsResponse? response)
    {
        var items = response?.Data ?? throw Malformed("GET /models", "no 'data' array");
        return [.. items.Select(item => new NbModel
        {
            Name = item?.Name is { Length: > 0 } name ? name : throw Malformed(
                "GET /models",
                "a model without a 'name'"),
            DisplayName = item.DisplayName ?? item.Name,
            CreditsCost = item.CreditsCost ?? throw Malformed("GET /models", $"model '{item.Name}' has no " +
                "'creditsCost'"),
            SupportsImageInput = item.SupportsImageInput ?? false,
            SupportsAspectRatio = item.SupportsAspectRatio ?? false,
            RequiresPro = item.RequiresPro ?? false,
            Description = item.Description,
        })];
    }

    public static NbCredit ToCredit(CreditsResponse? response, DateTimeOffset now) => new()
    {
        Credits = response?.Data?.Credits ?? throw Malformed("GET /credits", "no 'data.credits'"),
        RetrievedAt = now,
    };

    /// <summary>The answer of POST /generate in sync or async mode, or the data of a stream's complete event.</summary>
    public static NbGeneration FromSubmission(
        GenerateResponse? response,
        GenerationRequest request,
        Uri apiBase,
        DateTimeOffset now,
        string source = "POST /generate")
    {
        if (response is null)
        {
            throw Malformed(source, "an empty body");
        }

        var generation = new NbGeneration
        {
            Id = response.GenerationId ?? "",
            Prompt = request.Prompt,
            Model = request.Model,
            AspectRatio = request.AspectRatio,
            ReferenceImages = request.DescribeReferences(),
            CreditsUsed = response.CreditsUsed,
            RemainingCredits = response.RemainingCredits,
            CreatedAt = now,
            Message = response.Message,
        };

        return Settle(generation, response, apiBase, now, source);
    }

    /// <summary>Completes <paramref name="generation"/> from the submission's outcome, or throws its failure.</summary>
    private static NbGeneration Settle(
        NbGeneration generation,
        GenerateResponse response,
        Uri apiBase,
        DateTimeOffset now,
        string source)
    {
        switch (response.Success)
        {
            case true when string.IsNullOrEmpty(generation.Id):
                throw Malformed(source, "success without a 'generationId'");
            case true when response.Async == true:
                generation.Status = NbGenerationStatus.Processing;
                return generation;
            case true:
                generation.Status = NbGenerationStatus.Completed;
                generation.Images = ToImages(response.ImageUrls, generation.Id, now, apiBase, source);
                if (generation.Images.Length == 0)
                {
                    throw Malformed(source, "success without 'imageUrls'");
                }

                return generation;
            case false when response.Warning == true:
                generation.Status = NbGenerationStatus.Rejected;
                generation.Message = response.Message ?? response.Error ?? "Content safety check failed";
                return generation;
            case false:
                var reason = response.Error ?? response.Message ?? "no reason given";
                throw new NbApiException(
                    LooksBusy(reason) ? NbErrorKind.ServiceBusy : NbErrorKind.GenerationFailed,
                    $"The service did not generate the image: {reason}",
                    200,
                    NullIfEmpty(generation.Id));
            default:
                throw Malformed(source, "no 'success' field");
        }
    }

    /// <summary>The answer of GET /generate?id=.</summary>
    public static NbGeneration FromRecord(GenerationResponse? response, Uri apiBase)
    {
        const string Source = "GET /generate";
        var data = response?.Data ?? throw Malformed(Source, "no 'data' object");
        var id = data.Id is { Length: > 0 } value ? value : throw Malformed(Source, "no 'data.id'");
        var created = ParseTimestamp(data.CreatedAt);
        var generation = new NbGeneration
        {
            Id = id,
            Prompt = data.Prompt,
            Model = data.ModelUsed,
            CreditsUsed = data.CreditsUsed,
            CreatedAt = created,
            Message = data.ErrorMessage,
            ServiceStatus = data.ProcessingStatus,

            // The reference lists processing, completed and failed, and warns that the service changes first: any
            // other word ("queued", "pending", ...) means the generation has not finished yet.
            Status = data.ProcessingStatus?.ToUpperInvariant() switch
            {
                "COMPLETED" => NbGenerationStatus.Completed,
                "FAILED" => NbGenerationStatus.Failed,
                null => throw Malformed(Source, "no 'processingStatus'"),
                _ => NbGenerationStatus.Processing,
            },
        };

        if (generation.Status == NbGenerationStatus.Completed)
        {
            generation.Images = ToImages(data.OutputImageUrls, id, created, apiBase, Source);
            if (generation.Images.Length == 0)
            {
                throw Malformed(Source, $"generation {id} is completed but has no 'outputImageUrls'");
            }
        }

        return generation;
    }

    public static NbApiException Malformed(string source, string problem, Exception? inner = null) =>
        new(NbErrorKind.ProtocolError, $"The service sent a response the API does not document for {source}: " +
            $"{problem}.", innerException: inner);

    private static NbImage[] ToImages(
        List<string?>? urls,
        string generationId,
        DateTimeOffset? createdAt,
        Uri apiBase,
        string source)
    {
        if (urls is null)
        {
            return [];
        }

        var images = new NbImage[urls.Count];
        for (var i = 0; i < urls.Count; i++)
        {
            images[i] = new NbImage
            {
                Url = ToImageUri(urls[i], apiBase) ?? throw Malformed(source, $"image URL {i + 1} of {generationId} " +
                    "is not an http(s) URL"),
                Index = i + 1,
                GenerationId = generationId,
                ExpiresAt = createdAt + NbImage.Lifetime,
            };
        }

        return images;
    }

    /// <summary>Absolute http(s) URLs as they are; relative ones ("/png/...", "//host/...") against the API's origin.</summary>
    private static Uri? ToImageUri(string? text, Uri apiBase)
    {
        if (string.IsNullOrWhiteSpace(text) || !Uri.TryCreate(apiBase, text, out var uri))
        {
            return null;
        }

        return uri.Scheme is "http" or "https" ? uri : null;
    }

    private static DateTimeOffset? ParseTimestamp(string? text) =>
        DateTimeOffset.TryParse(
            text,
            CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal,
            out var value)
            ? value
            : null;

    private static bool LooksBusy(string reason) =>
        reason.IndexOf("concurrent", StringComparison.OrdinalIgnoreCase) >= 0
        || reason.IndexOf("active", StringComparison.OrdinalIgnoreCase) >= 0
        || reason.IndexOf("busy", StringComparison.OrdinalIgnoreCase) >= 0;

    private static string? NullIfEmpty(string text) => text.Length == 0 ? null : text;
}
