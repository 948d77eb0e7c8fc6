using System;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading;
using System.Threading.Tasks;

namespace NanoBanana.Api;

/// <summary>The typed client of the four endpoints of the Nano Banana API.</summary>
internal sealed partial class NbApiClient
{
    private static readonly MediaTypeWithQualityHeaderValue Json = new("application/json");
    private readonly RetryingSender sender;

    public NbApiClient(ApiEndpoint endpoint, RequestOptions options)
    {
        Endpoint = endpoint;
        Options = options;
        sender = new RetryingSender(HttpClients.ForApi(endpoint.Proxy), options);
    }

    public ApiEndpoint Endpoint { get; }

    public RequestOptions Options { get; }

    /// <summary>Reports to verbose, with anything that looks like a key redacted.</summary>
    internal void Log(string message) => Options.Log?.Invoke(Secrets.Redact(message));

    /// <summary>GET /models. Sent without the key: the catalog is public.</summary>
    public Task<NbModel[]> GetModelsAsync(CancellationToken cancellationToken) =>
        GetAsync(
            "/models",
            "GET /models",
            authenticate: false,
            ApiJsonContext.Default.ModelsResponse,
            Responses.ToModels,
            cancellationToken);

    public Task<NbCredit> GetCreditsAsync(CancellationToken cancellationToken) =>
        GetAsync(
            "/credits",
            "GET /credits",
            authenticate: true,
            ApiJsonContext.Default.CreditsResponse,
            r => Responses.ToCredit(r, DateTimeOffset.UtcNow),
            cancellationToken);

    public async Task<NbGeneration> GetGenerationAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            return await GetAsync(
                "/generate?id=" + Uri.EscapeDataString(id),
                "GET /generate",
                authenticate: true,
                ApiJsonContext.Default.GenerationResponse,
                r => Responses.FromRecord(r, Endpoint.BaseUri),
                cancellationToken).ConfigureAwait(false);
        }
        catch (NbApiException e) when (e.StatusCode == 404)
        {
            throw new NbApiException(NbErrorKind.GenerationNotFound, $"The service knows no generation '{id}' for " +
                $"this key ({e.Message}).", 404, id, e);
        }
    }

    /// <summary>POST /generate in sync or async mode.</summary>
    /// <param name="onRetry">Hears of each resubmission and retry, for a progress bar.</param>
    public Task<NbGeneration> SubmitAsync(
        GenerationRequest request,
        CancellationToken cancellationToken,
        Action<string>? onRetry = null) =>
        sender.SendAsync(
            RequestKind.Submit,
            "POST /generate",
            () => CreateSubmission(request, "application/json"),
            async (response, ct) =>
            {
                await ThrowIfFailedAsync(response, RequestKind.Submit, "POST /generate", ct).ConfigureAwait(false);
                return await ReadSubmissionAsync(response, request, ct).ConfigureAwait(false);
            },
            cancellationToken,
            onRetry);

    /// <summary>Reads a 2xx answer to POST /generate; an unreadable one may still stand for a charged generation, and says so.</summary>
    private async Task<NbGeneration> ReadSubmissionAsync(
        HttpResponseMessage response,
        GenerationRequest request,
        CancellationToken cancellationToken)
    {
        try
        {
            var body = await ReadJsonAsync(
                response,
                ApiJsonContext.Default.GenerateResponse,
                "POST /generate",
                cancellationToken).ConfigureAwait(false);
            return Responses.FromSubmission(body, request, Endpoint.BaseUri, DateTimeOffset.UtcNow);
        }
        catch (NbApiException e) when (e.Kind == NbErrorKind.ProtocolError)
        {
            throw new NbApiException(
                NbErrorKind.ProtocolError,
                $"{e.Message} The service accepted the request, so the generation may have been created and credits " +
                "charged; check the balance with Get-NbCredit before submitting again.",
                e.StatusCode,
                e.GenerationId,
                e);
        }
    }

    private Task<T> GetAsync<TWire, T>(
        string pathAndQuery,
        string operation,
        bool authenticate,
        JsonTypeInfo<TWire> wire,
        Func<TWire?, T> convert,
        CancellationToken cancellationToken)
    {
        var key = authenticate ? RequireKey() : null;
        return sender.SendAsync(
            RequestKind.Read,
            operation,
            () =>
            {
                var request = new HttpRequestMessage(HttpMethod.Get, Endpoint.Resolve(pathAndQuery));
                request.Headers.Accept.Add(Json);
                request.Headers.Authorization = key?.ToAuthorizationHeader();
                return request;
            },
            async (response, ct) =>
            {
                await ThrowIfFailedAsync(response, RequestKind.Read, operation, ct).ConfigureAwait(false);
                return convert(await ReadJsonAsync(response, wire, operation, ct).ConfigureAwait(false));
            },
            cancellationToken);
    }

    private HttpRequestMessage CreateSubmission(GenerationRequest request, string accept)
    {
        var body = request.CreateBody();
        var message = new HttpRequestMessage(HttpMethod.Post, Endpoint.Resolve("/generate"))
        {
            Content = new TrackedContent(body.Length, body.WriteToAsync, "application/json"),
        };
        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
        message.Headers.Authorization = RequireKey().ToAuthorizationHeader();

        // A connection of its own: no HTTP stack may resend a paid POST after a pooled or pipelined connection fails.
        message.Headers.ConnectionClose = true;
        return message;
    }

    private ApiKey RequireKey() => Endpoint.Key ?? throw new NbApiException(
        NbErrorKind.Unauthorized,
        "No API key. Pass -ApiKey, run Connect-NbAccount, or set the NANO_BANANA_API_KEY or NB_API_KEY environment " +
        "variable (the module looked at all four).");

    private async Task ThrowIfFailedAsync(
        HttpResponseMessage response,
        RequestKind kind,
        string operation,
        CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw await ApiErrors.FromResponseAsync(response, kind, operation, Endpoint.Key, cancellationToken)
                .ConfigureAwait(false);
        }
    }

    private static async Task<T?> ReadJsonAsync<T>(
        HttpResponseMessage response,
        JsonTypeInfo<T> type,
        string operation,
        CancellationToken cancellationToken)
    {
        using var stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
        try
        {
            return await JsonSerializer.DeserializeAsync(stream, type, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            throw Responses.Malformed(operation, "invalid JSON " +
                $"({response.Content.Headers.ContentType?.MediaType ?? "no content type"}, {e.Message})", e);
        }
    }
}
