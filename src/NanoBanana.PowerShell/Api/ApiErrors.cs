using System;
using System.IO;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

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
                var message = Text(root, "error") ?? NestedMessage(root) ?? Text(root, "message") ?? Text(root, "msg") ?? Text(root, "errorMessage");
                return new ErrorBody(Shorten(message ?? trimmed), Text(root, "type"), Text(root, "generationId"));
            }
        }
        catch (JsonException)
        {
        }

        return new ErrorBody(Shorten(trimmed), null, null);
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string? NestedMessage(JsonElement root) =>
        root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object ? Text(error, "message") : null;

    private static string Shorten(string text)
    {
        var oneLine = text.Replace("\r", " ").Replace("\n", " ");
        return oneLine.Length <= MaxShownLength ? oneLine : oneLine.Substring(0, MaxShownLength) + "...";
    }
}

/// <summary>Maps an unsuccessful HTTP answer of the API to the error the user sees.</summary>
internal static class ApiErrors
{
    private const int MaxBodyBytes = 64 * 1024;

    public static async Task<string> ReadBodyTextAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        // Not disposed here: the response owns it, and a buffered body must stay readable for a second look.
        var stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
        var buffer = new byte[MaxBodyBytes];
        var total = 0;
        int read;
        while (total < buffer.Length && (read = await stream.ReadAsync(buffer, total, buffer.Length - total, cancellationToken).ConfigureAwait(false)) > 0)
        {
            total += read;
        }

        return Encoding.UTF8.GetString(buffer, 0, total);
    }

    /// <param name="operation">What was asked, e.g. "GET /credits", for the message.</param>
    /// <param name="key">The key that was sent, so a 401 can say where it came from.</param>
    public static async Task<NbApiException> FromResponseAsync(HttpResponseMessage response, RequestKind kind, string operation, ApiKey? key, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        string text;
        try
        {
            text = await ReadBodyTextAsync(response, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or HttpRequestException)
        {
            text = "";
        }

        var body = ErrorBody.Parse(text);
        return FromStatus(status, body, kind, operation, key, response.Headers.Location);
    }

    public static NbApiException FromStatus(int status, ErrorBody body, RequestKind kind, string operation, ApiKey? key, Uri? location = null)
    {
        var said = $"{operation} answered {status}: {body.Message}";
        return status switch
        {
            >= 300 and < 400 => new NbApiException(
                NbErrorKind.ProtocolError,
                $"{operation} answered {status} with a redirect to '{location?.GetLeftPart(UriPartial.Path) ?? "nowhere"}'. The module does not follow API redirects, so the key is never sent elsewhere; check the base URL (NANO_BANANA_BASE_URL or Connect-NbAccount -BaseUri).",
                status),
            400 or 413 or 422 => new NbApiException(NbErrorKind.InvalidRequest, $"The service rejected the request. {said}", status),
            401 => new NbApiException(
                NbErrorKind.Unauthorized,
                $"The service did not accept the API key ({status} Unauthorized: {body.Message}). The key came from {key?.Source ?? "nowhere"}. Check the key passed with -ApiKey or Connect-NbAccount, or the NANO_BANANA_API_KEY and NB_API_KEY environment variables.",
                status),
            407 => new NbApiException(NbErrorKind.ConnectionFailed, $"The proxy asked for credentials ({status} Proxy Authentication Required). Give them with Connect-NbAccount -ProxyCredential, or -ProxyUseDefaultCredentials.", status),
            402 => new NbApiException(NbErrorKind.InsufficientCredits, $"The account has too few credits for this request ({status}: {body.Message}). Nothing was charged; see the balance with Get-NbCredit.", status),
            403 => new NbApiException(NbErrorKind.Forbidden, $"The service refused the request ({status} Forbidden: {body.Message}). API access must be enabled for the account, and Pro models need a Pro account.", status),
            404 => new NbApiException(NbErrorKind.ServiceError, $"{said}. Check the base URL (NANO_BANANA_BASE_URL or Connect-NbAccount -BaseUri).", status),
            429 => new NbApiException(NbErrorKind.ServiceBusy, $"The service is busy and refused the request; try again later. {said}", status) { IsRateLimited = true },
            503 when kind != RequestKind.Submit || body.Type == "server_busy" =>
                new NbApiException(NbErrorKind.ServiceBusy, $"The service is busy; try again later. {said}", status),
            >= 500 when kind == RequestKind.Submit => OutcomeUnknown($"The service failed after receiving the generation request ({said})", body.GenerationId, status),
            >= 500 => new NbApiException(NbErrorKind.ServiceError, $"The service failed. {said}", status),
            _ => new NbApiException(NbErrorKind.InvalidRequest, $"The service rejected the request. {said}", status),
        };
    }

    public static NbApiException OutcomeUnknown(string what, string? generationId, int? status = null, Exception? inner = null)
    {
        var check = generationId is null
            ? "Check the balance with Get-NbCredit before submitting again."
            : $"Check it with Get-NbGeneration -Id {generationId} and the balance with Get-NbCredit before submitting again.";
        return new NbApiException(
            NbErrorKind.OutcomeUnknown,
            $"{what}. The generation may have been created and credits may have been charged; it was not resubmitted. {check}",
            status,
            generationId,
            inner);
    }
}
