using System.Globalization;
using System.Text.Json.Serialization;
using Microsoft.Net.Http.Headers;

namespace NanoBanana.Emulator;

internal sealed record DataEnvelope<T>(T Data);

internal sealed record CreditsData(int Credits);

internal sealed record GenerationData(
    string Id,
    string Prompt,
    IReadOnlyList<string>? OutputImageUrls,
    string ModelUsed,
    ProcessingStatus ProcessingStatus,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ErrorMessage,
    int CreditsUsed,
    string CreatedAt)
{
    public static GenerationData From(Generation generation, HttpRequest request)
    {
        var status = generation.Status;
        return new GenerationData(
            generation.Id,
            generation.Prompt,
            status == ProcessingStatus.Completed ? generation.ImageUrls : null,
            generation.ModelUsed,
            status,
            status == ProcessingStatus.Failed ? FailureMessage(generation, request) : null,
            generation.CreditsUsed,
            generation.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
    }

    public static string FailureMessage(Generation generation, HttpRequest request) =>
        generation.Outcome == GenerationOutcome.Rejected
            ? ContentSafety.Message(request)
            : generation.ErrorMessage ?? Generation.DefaultErrorMessage;
}

internal sealed record SyncSuccess(
    bool Success, string GenerationId, IReadOnlyList<string> ImageUrls, int CreditsUsed, int RemainingCredits);

internal sealed record SafetyWarning(
    bool Success, bool Warning, string GenerationId, string Message, int CreditsUsed, int RemainingCredits);

internal sealed record AsyncAccepted(
    bool Success, bool Async, string GenerationId, string Message, int CreditsUsed, int RemainingCredits);

internal sealed record BusyFalse(bool Success, string Error);

internal sealed record StreamEvent(
    string Type,
    string Message,
    int Progress,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? GenerationId = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] object? Data = null);

internal sealed record StreamSuccess(
    bool Success, IReadOnlyList<string> ImageUrls, string GenerationId, int CreditsUsed, int RemainingCredits);

internal sealed record StreamFailure(bool Success, string Error);

internal static class ContentSafety
{
    public static string Message(HttpRequest request) =>
        request.Headers[HeaderNames.AcceptLanguage].ToString().StartsWith("zh", StringComparison.OrdinalIgnoreCase)
            ? "内容安全检查未通过"
            : "Content safety check failed";
}
