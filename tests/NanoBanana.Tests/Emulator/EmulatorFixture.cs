using System.Net.Http.Headers;
using System.Text;
using NanoBanana.Emulator;

namespace NanoBanana.Tests.Emulator;

/// <summary>One in-process emulator per test class, with short latencies and a client that never follows redirects.</summary>
public sealed class EmulatorFixture : IAsyncLifetime
{
    public const int LatencyMs = 100;

    public EmulatorHost Host { get; private set; } = null!;

    public EmulatorState State => Host.State;

    public HttpClient Http { get; } = new(new SocketsHttpHandler { AllowAutoRedirect = false });

    public async Task InitializeAsync() =>
        Host = await EmulatorHost.StartAsync(new EmulatorOptions { LatencyMs = LatencyMs, HeartbeatMs = 60_000 });

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await Host.DisposeAsync();
    }

    public Account NewAccount(AccountSpec? spec = null) => State.CreateAccount(spec ?? new AccountSpec());

    public Uri Api(string pathAndQuery) => new($"{Host.BaseUrl}{pathAndQuery}");

    public Task<HttpResponseMessage> GetAsync(string pathAndQuery, string? key = null) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Get, Api(pathAndQuery)), key);

    public Task<HttpResponseMessage> GenerateAsync(string? key, object body, string? acceptLanguage = null) =>
        GenerateRawAsync(key, System.Text.Json.JsonSerializer.Serialize(body), acceptLanguage);

    public Task<HttpResponseMessage> GenerateRawAsync(string? key, string body, string? acceptLanguage = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Api("/generate"))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (acceptLanguage is not null)
        {
            request.Headers.AcceptLanguage.ParseAdd(acceptLanguage);
        }

        return SendAsync(request, key);
    }

    /// <summary>Sends with <see cref="HttpCompletionOption.ResponseHeadersRead"/>, so streams can be read as they arrive.</summary>
    public Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, string? key = null)
    {
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }

    public Task<HttpResponseMessage> GetImageAsync(string url, string userAgent = "NanoBanana.Tests/1.0", HttpMethod? method = null)
    {
        var request = new HttpRequestMessage(method ?? HttpMethod.Get, url);
        request.Headers.UserAgent.ParseAdd(userAgent);
        return Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }

    /// <summary>Submits an async generation and returns its id.</summary>
    public async Task<string> SubmitAsync(string key, string prompt = "a quiet harbour")
    {
        using var response = await GenerateAsync(key, new { prompt, mode = "async" });
        var json = await response.JsonAsync();
        Assert.Equal(200, (int)response.StatusCode);
        return json.GetProperty("generationId").GetString()!;
    }

    /// <summary>Submits an async generation and waits until GET /generate reports it completed.</summary>
    public async Task<Generation> CompletedGenerationAsync(string key, string prompt = "a quiet harbour")
    {
        var id = await SubmitAsync(key, prompt);
        await Eventually.TrueAsync(() => State.GetGeneration(id)!.Status == ProcessingStatus.Completed);
        return State.GetGeneration(id)!;
    }
}
