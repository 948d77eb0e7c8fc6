using System;
using System.IO;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace NanoBanana.Api;

/// <summary>Maps an unsuccessful HTTP answer of the API to the error the user sees.</summary>
internal static class ApiErrors
{
    private const int MaxBodyBytes = 64 * 1024;

    public static async Task<string> ReadBodyTextAsync(
        HttpResponseMessage response,
        CancellationToken cancellationToken)
    {
        // Not disposed here: the response owns it, and a buffered body must stay readable for a second look.
        var stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
        var buffer = new byte[MaxBodyBytes];
        var total = await stream.FillAsync(buffer, buffer.Length, cancellationToken).ConfigureAwait(false);
        return Encoding.UTF8.GetString(buffer, 0, total);
    }

    /// <param name="operation">What was asked, e.g. "GET /credits", for the message.</param>
    /// <param name="key">The key that was sent, so a 401 can say where it came from.</param>
    public static async Task<NbApiException> FromResponseAsync(
        HttpResponseMessage response,
        RequestKind kind,
        string operation,
        ApiKey? key,
        CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        string text;
        try
        {
            text = await ReadBodyTextAsync(response, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or HttpRequestException
            && !cancellationToken.IsCancellationRequested)
        {
            text = "";
        }

        var body = ErrorBody.Parse(text);
        return FromStatus(status, body, kind, operation, key, response.Headers.Location);
    }

    public static NbApiException FromStatus(
        int status,
        ErrorBody body,
        RequestKind kind,
        string operation,
        ApiKey? key,
        Uri? location = null)
    {
        var said = $"{operation} answered {status}: {body.Message}";
        return status switch
        {
            >= 300 and < 400 => new NbApiException(
                NbErrorKind.ProtocolError,
                $"{operation} answered {status} with a redirect to '{WithoutQuery(location) ?? "nowhere"}'. The " +
                "module does not follow API redirects, so the key is never sent elsewhere; check the base URL " +
                "(NANO_BANANA_BASE_URL or Connect-NbAccount -BaseUri).",
                status),
            >= 400 and < 500 => FromClientError(status, body, key, said),
            503 when kind != RequestKind.Submit || body.Type == "server_busy" =>
                new NbApiException(NbErrorKind.ServiceBusy, $"The service is busy; try again later. {said}", status),
            >= 500 when kind == RequestKind.Submit => OutcomeUnknown("The service failed after receiving the " +
                $"generation request ({said})", body.GenerationId, status),
            >= 500 => new NbApiException(NbErrorKind.ServiceError, $"The service failed. {said}", status),
            _ => new NbApiException(NbErrorKind.InvalidRequest, $"The service rejected the request. {said}", status),
        };
    }

    /// <summary>A 4xx answer: the request, the key, the balance or the account's access.</summary>
    private static NbApiException FromClientError(int status, ErrorBody body, ApiKey? key, string said) =>
        status switch
        {
            408 => new NbApiException(NbErrorKind.Timeout, "The service gave up waiting for the request. " +
                $"{said}", status),
            413 => new NbApiException(
                NbErrorKind.InvalidRequest,
                $"The service rejected the request because the reference images are too large ({said}). It takes "
                    + $"at most {ServiceLimits.Size(ServiceLimits.MaxRequestBytes)} per request, base64-encoded images "
                    + "included: send fewer or smaller images.",
                status),
            400 or 422 => new NbApiException(NbErrorKind.InvalidRequest, "The service rejected the request. " +
                $"{said}", status),
            401 => new NbApiException(
                NbErrorKind.Unauthorized,
                $"The service did not accept the API key ({status} Unauthorized: {body.Message}). The key came from " +
                $"{key?.Source ?? "nowhere"}. Check the key passed with -ApiKey or Connect-NbAccount, or the " +
                "NANO_BANANA_API_KEY and NB_API_KEY environment variables.",
                status),
            407 => new NbApiException(NbErrorKind.ConnectionFailed, $"The proxy asked for credentials ({status} " +
                "Proxy Authentication Required). Give them with Connect-NbAccount -ProxyCredential, or " +
                "-ProxyUseDefaultCredentials.", status),
            402 => new NbApiException(NbErrorKind.InsufficientCredits, "The account has too few credits for this " +
                $"request ({status}: {body.Message}). Nothing was charged; see the balance with Get-NbCredit.", status),
            403 => new NbApiException(NbErrorKind.Forbidden, $"The service refused the request ({status} Forbidden: " +
                $"{body.Message}). API access must be enabled for the account, and Pro models need a Pro " +
                "account.", status),
            404 => new NbApiException(NbErrorKind.ServiceError, $"{said}. Check the base URL (NANO_BANANA_BASE_URL " +
                "or Connect-NbAccount -BaseUri).", status),
            429 => new NbApiException(NbErrorKind.ServiceBusy, "The service is busy and refused the request; try " +
                $"again later. {said}", status)
            { IsRateLimited = true },
            _ => new NbApiException(NbErrorKind.InvalidRequest, $"The service rejected the request. {said}", status),
        };

    /// <summary>A file or folder could not be written.</summary>
    public static NbApiException SaveFailed(Exception e) => new(NbErrorKind.SaveFailed, e.Message, innerException: e);

    /// <summary>A file is in the way of a download and -Force was not given.</summary>
    public static NbApiException FileExists(string path) =>
        new(NbErrorKind.FileExists, $"The file '{path}' already exists. Use -Force to overwrite it.");

    /// <summary>The error of a generation that finished without images.</summary>
    public static NbApiException GenerationFailed(NbGeneration generation) =>
        new(
            NbErrorKind.GenerationFailed,
            $"Generation {generation.Id} failed: {generation.Message ?? "no reason given"}. Credits are not refunded " +
            "for failed generations.",
            generationId: generation.Id);

    /// <summary>The error of a generation whose output failed the content-safety check.</summary>
    public static NbApiException ContentRejected(NbGeneration generation) =>
        new(
            NbErrorKind.ContentRejected,
            $"Generation {generation.Id} was rejected by the service's content-safety check: {generation.Message}. " +
            $"It was charged {generation.CreditsUsed} credit(s) and has no image.",
            generationId: generation.Id);

    /// <summary>A download that failed with an exception nobody expected, turned into the module's error.</summary>
    public static NbApiException DownloadCrashed(Uri url, Exception e) =>
        new(
            NbErrorKind.ImageUnavailable,
            $"The download of {WithoutQuery(url)} failed unexpectedly ({e.GetType().Name}: {e.Message}).",
            innerException: e);

    /// <summary>A URL as it may be shown: without its query (signed URLs carry tokens there); relative ones as given.</summary>
    public static string? WithoutQuery(Uri? url) => url switch
    {
        null => null,
        { IsAbsoluteUri: true } => url.GetLeftPart(UriPartial.Path),
        _ => url.OriginalString.Split('?', '#')[0],
    };

    /// <summary>
    /// A failure that concerns a generation the service has named (polling it, following it): it carries the id and
    /// says how to check on it, since the generation was charged and may still finish.
    /// </summary>
    public static NbApiException ForGeneration(NbApiException e, string generationId) => e.GenerationId is not null
        ? e
        : new NbApiException(
            e.Kind,
            $"{e.Message} Generation {generationId} was submitted and charged, and may still finish: check it with " +
            $"Get-NbGeneration -Id {generationId}.",
            e.StatusCode,
            generationId,
            e)
        {
            IsInvalidData = e.IsInvalidData,
            IsRateLimited = e.IsRateLimited,
        };

    /// <summary>A generation's unexpected exception (a bug): its outcome is unknown, so it is never resubmitted.</summary>
    public static NbApiException Unexpected(GenerationRequest request, Exception e) =>
        OutcomeUnknown(
            $"The generation of \"{request.PromptPreview(60)}\" failed unexpectedly ({e.GetType().Name}: {e.Message})",
            null,
            inner: e);

    public static NbApiException OutcomeUnknown(
        string what,
        string? generationId,
        int? status = null,
        Exception? inner = null)
    {
        var check = generationId is null
            ? "Check the balance with Get-NbCredit before submitting again."
            : $"Check it with Get-NbGeneration -Id {generationId} and the balance with Get-NbCredit before " +
                "submitting again.";
        return new NbApiException(
            NbErrorKind.OutcomeUnknown,
            $"{what}. The generation may have been created and credits may have been charged; it was not " +
            $"resubmitted. {check}",
            status,
            generationId,
            inner);
    }
}
