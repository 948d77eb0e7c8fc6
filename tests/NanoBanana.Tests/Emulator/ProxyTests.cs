using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using System.Text.Json;
using NanoBanana.Emulator;

namespace NanoBanana.Tests.Emulator;

/// <summary>The forward proxy: HttpClient through it to both origins, streams, Basic proxy authentication,
/// the loopback-only rule, CONNECT tunnels, and what .NET's default (environment) proxy does with loopback targets.</summary>
public sealed class ProxyTests : IClassFixture<EmulatorFixture>
{
    private readonly EmulatorFixture emulator;

    public ProxyTests(EmulatorFixture emulator)
    {
        this.emulator = emulator;
        emulator.State.ConfigureProxy(new ProxySettings());
    }

    [Fact]
    public async Task Api_and_cdn_requests_pass_through_and_are_logged_by_the_proxy_and_the_origin()
    {
        var key = emulator.NewAccount(new AccountSpec { ImageBytes = 2_000_000 }).Key;
        var imageUrl = (await emulator.CompletedGenerationAsync(key)).ImageUrls[0];
        using var http = ClientThroughProxy();

        using var credits = await SendAsync(http, HttpMethod.Get, emulator.Api("/credits?via=proxy"), key);
        using var image = await http.GetAsync(new Uri(imageUrl));
        var imageBytes = await image.Content.ReadAsByteArrayAsync();
        using var direct = await emulator.GetImageAsync(imageUrl);

        Assert.Equal(99, (await credits.JsonAsync()).GetProperty("data").Int("credits"));
        Assert.True(credits.Headers.Contains("x-request-id"));
        Assert.Equal(await direct.Content.ReadAsByteArrayAsync(), imageBytes);
        Assert.Equal(imageBytes.Length, image.Content.Headers.ContentLength);
        Assert.Equal("image/png", image.Content.Headers.ContentType?.MediaType);

        await Eventually.TrueAsync(() => emulator.State.Requests(key, RequestOrigin.Proxy).All(r => r.Status is not null));
        var proxied = Assert.Single(emulator.State.Requests(key, RequestOrigin.Proxy));
        Assert.Equal(("GET", $"{emulator.Host.BaseUrl}/credits", "?via=proxy", 200), (proxied.Method, proxied.Path, proxied.Query, proxied.Status));
        Assert.Equal($"Bearer {key}", proxied.Headers["Authorization"]);
        Assert.Equal(emulator.Host.BaseUrl.Authority, proxied.Headers["Host"]);
        Assert.Null(proxied.Body);
        var reached = Assert.Single(emulator.State.Requests(key, RequestOrigin.Api, path: "/api/v1/credits"));
        Assert.Equal(("?via=proxy", 200), (reached.Query, reached.Status));
        Assert.Equal(200, Assert.Single(emulator.State.Requests(origin: RequestOrigin.Proxy, path: imageUrl)).Status);
        Assert.Equal(2, emulator.State.Requests(key, RequestOrigin.Cdn).Count);
    }

    [Fact]
    public async Task A_stream_flows_through_event_by_event()
    {
        var key = emulator.NewAccount(new AccountSpec { LatencyMs = 2000, ProgressSteps = [25, 50, 75], StreamEarlyId = true }).Key;
        using var http = ClientThroughProxy();

        using var response = await SendAsync(http, HttpMethod.Post, emulator.Api("/generate"), key, """{"prompt":"a tide pool","mode":"stream"}""");
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var first = JsonDocument.Parse((await reader.ReadLineAsync())!["data: ".Length..]).RootElement;
        var statusWhenFirstArrived = emulator.State.GetGeneration(first.Text("generationId"))!.Status;
        var rest = await reader.ReadToEndAsync();

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(ProcessingStatus.Processing, statusWhenFirstArrived);
        Assert.Equal(4, rest.Split("data: ").Length - 1);
        Assert.Contains("\"type\":\"complete\"", rest, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Required_credentials_are_asked_for_with_407_and_HttpClient_retries_with_them()
    {
        await ControlAsync(HttpMethod.Put, "/proxy", """{"requireCredentials":{"user":"tester","password":"s3cret"}}""");
        var key = emulator.NewAccount().Key;
        using var withoutCredentials = ClientThroughProxy();
        using var withCredentials = ClientThroughProxy(new NetworkCredential("tester", "s3cret"));

        using var refused = await SendAsync(withoutCredentials, HttpMethod.Get, emulator.Api("/credits"), key);
        using var answered = await SendAsync(withCredentials, HttpMethod.Get, emulator.Api("/credits"), key);

        Assert.Equal(HttpStatusCode.ProxyAuthenticationRequired, refused.StatusCode);
        Assert.Equal("Basic realm=\"nano-banana-emulator\"", refused.Headers.ProxyAuthenticate.ToString());
        Assert.Equal(200, (int)answered.StatusCode);
        var proxied = emulator.State.Requests(key, RequestOrigin.Proxy);
        Assert.Equal([407, 407, 200], proxied.Select(r => r.Status));
        Assert.False(proxied[1].Headers.ContainsKey("Proxy-Authorization"));
        Assert.Equal("Basic " + Convert.ToBase64String("tester:s3cret"u8), proxied[2].Headers["Proxy-Authorization"]);
        var reached = Assert.Single(emulator.State.Requests(key, RequestOrigin.Api));
        Assert.False(reached.Headers.ContainsKey("Proxy-Authorization"));

        var settings = await ControlAsync(HttpMethod.Put, "/proxy", """{"requireCredentials":null}""");
        using var free = await SendAsync(withoutCredentials, HttpMethod.Get, emulator.Api("/credits"), key);
        Assert.Equal("""{"requireCredentials":null}""", settings.GetRawText());
        Assert.Equal(200, (int)free.StatusCode);
    }

    [Fact]
    public async Task Wrong_credentials_get_407()
    {
        emulator.State.ConfigureProxy(new ProxySettings { RequireCredentials = new ProxyCredentials("tester", "s3cret") });
        var key = emulator.NewAccount().Key;
        using var http = ClientThroughProxy(new NetworkCredential("tester", "guess"));

        using var response = await SendAsync(http, HttpMethod.Get, emulator.Api("/credits"), key);

        Assert.Equal(HttpStatusCode.ProxyAuthenticationRequired, response.StatusCode);
        var proxied = emulator.State.Requests(key, RequestOrigin.Proxy);
        Assert.Equal([407, 407], proxied.Select(r => r.Status));
        Assert.Equal("Basic " + Convert.ToBase64String("tester:guess"u8), proxied[1].Headers["Proxy-Authorization"]);
        Assert.Empty(emulator.State.Requests(key, RequestOrigin.Api));
    }

    [Theory]
    [InlineData("http://example.invalid/api/v1/models")]
    [InlineData("http://10.0.0.1:8080/api/v1/models")]
    [InlineData("http://192.0.2.1/")]
    public async Task Targets_other_than_loopback_are_refused_with_403(string url)
    {
        using var http = ClientThroughProxy();

        using var response = await http.GetAsync(new Uri(url));

        var error = await response.AssertErrorAsync(403);
        Assert.Contains("loopback", error, StringComparison.Ordinal);
        Assert.Equal(403, emulator.State.Requests(origin: RequestOrigin.Proxy, path: url.Split('?')[0])[^1].Status);
    }

    [Fact]
    public async Task A_target_that_breaks_off_resets_the_client_and_an_unreachable_one_gets_502()
    {
        var key = emulator.NewAccount().Key;
        var imageUrl = (await emulator.CompletedGenerationAsync(key)).ImageUrls[0];
        emulator.State.ArmFault(new FaultSpec { Match = new FaultMatch { Origin = RequestOrigin.Cdn, Key = key }, Kind = FaultKind.Reset, AfterBytes = 100 });
        using var http = ClientThroughProxy();

        using var image = await http.GetAsync(new Uri(imageUrl), HttpCompletionOption.ResponseHeadersRead);
        var cut = await Record.ExceptionAsync(() => image.Content.ReadAsByteArrayAsync());
        using var unreachable = await http.GetAsync(new Uri("http://127.0.0.1:1/api/v1/models"));

        Assert.Equal(200, (int)image.StatusCode);
        Assert.True(cut is HttpRequestException or IOException, cut?.ToString());
        Assert.Null(Assert.Single(emulator.State.Requests(origin: RequestOrigin.Proxy, path: imageUrl)).Status);
        await unreachable.AssertErrorAsync(502);
    }

    [Fact]
    public async Task A_connect_tunnel_reaches_the_api_and_refuses_other_hosts()
    {
        var key = emulator.NewAccount().Key;
        var api = emulator.Host.BaseUrl.Authority;
        var mark = LogMark();

        using var tunnel = await ConnectAsync(api);
        var response = await tunnel.ExchangeAsync(
            $"GET /api/v1/credits HTTP/1.1\r\nHost: {api}\r\nAuthorization: Bearer {key}\r\nConnection: close\r\n\r\n");
        using var elsewhere = await ConnectAsync("example.invalid:443");

        Assert.StartsWith("HTTP/1.1 200 Connection established\r\n", tunnel.Head, StringComparison.Ordinal);
        Assert.StartsWith("HTTP/1.1 200 OK\r\n", response, StringComparison.Ordinal);
        Assert.Contains("""{"data":{"credits":100}}""", response, StringComparison.Ordinal);
        Assert.StartsWith("HTTP/1.1 403 Forbidden\r\n", elsewhere.Head, StringComparison.Ordinal);
        Assert.Equal(200, Assert.Single(emulator.State.Requests(origin: RequestOrigin.Proxy, method: "CONNECT", path: api), r => r.Seq > mark).Status);
        Assert.Equal(200, Assert.Single(emulator.State.Requests(key, RequestOrigin.Api)).Status);
    }

    [Fact]
    public async Task HttpClient_opens_a_connect_tunnel_for_https_and_retries_it_with_credentials_after_407()
    {
        emulator.State.ConfigureProxy(new ProxySettings { RequireCredentials = new ProxyCredentials("tester", "s3cret") });
        var api = emulator.Host.BaseUrl.Authority;
        var mark = LogMark();
        using var http = ClientThroughProxy(new NetworkCredential("tester", "s3cret"));

        // The API speaks plain HTTP, so the TLS handshake inside the established tunnel fails.
        var failure = await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(new Uri($"https://{api}/api/v1/models")));

        Assert.IsType<AuthenticationException>(failure.InnerException);
        var tunnels = emulator.State.Requests(origin: RequestOrigin.Proxy, method: "CONNECT", path: api).Where(r => r.Seq > mark).ToList();
        Assert.Equal([407, 200], tunnels.Select(t => t.Status));
        Assert.Equal("Basic " + Convert.ToBase64String("tester:s3cret"u8), tunnels[1].Headers["Proxy-Authorization"]);
    }

    [Fact]
    public async Task The_request_log_filters_by_origin_proxy()
    {
        var key = emulator.NewAccount().Key;
        using var http = ClientThroughProxy();
        using var response = await SendAsync(http, HttpMethod.Get, emulator.Api("/credits"), key);

        var logged = await ControlAsync(HttpMethod.Get, $"/requests?origin=proxy&key={key}");

        var entry = Assert.Single(logged.EnumerateArray());
        Assert.Equal(("proxy", $"{emulator.Host.BaseUrl}/credits", 200), (entry.Text("origin"), entry.Text("path"), entry.Int("status")));
    }

    [Fact]
    public async Task The_real_process_prints_the_proxy_line_and_forwards_through_it()
    {
        using var child = EmulatorChild.Start();
        var lines = await child.ReadLinesAsync(5, TimeSpan.FromSeconds(20));

        Assert.Matches(@"^NB_EMULATOR_PROXY=http://127\.0\.0\.1:\d+$", lines[3]);
        Assert.StartsWith("Nano Banana emulator ready ", lines[4], StringComparison.Ordinal);
        using var http = new HttpClient(new HttpClientHandler { Proxy = new WebProxy(lines[3]["NB_EMULATOR_PROXY=".Length..]) });
        using var models = await http.GetAsync(new Uri(lines[0]["NANO_BANANA_BASE_URL=".Length..] + "/models"));
        Assert.Equal(200, (int)models.StatusCode);

        await child.SignalAsync("TERM");
        await child.Process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(20)).Token);
        Assert.Equal(0, child.Process.ExitCode);
    }

    /// <summary>HttpClient's default proxy on Linux comes from HTTP_PROXY/HTTPS_PROXY/NO_PROXY, read once per process,
    /// hence a child process (pwsh, the module's host). It does not bypass loopback targets; NO_PROXY does, by host name.</summary>
    [Fact]
    public async Task The_environment_proxy_is_used_for_loopback_targets_unless_NO_PROXY_names_them()
    {
        var port = emulator.Host.BaseUrl.Port;
        var viaIp = $"http://127.0.0.1:{port}/api/v1/models?probe={Guid.NewGuid():N}";
        var viaName = $"http://localhost:{port}/api/v1/models?probe={Guid.NewGuid():N}";
        var script = $$"""
            $http = [System.Net.Http.HttpClient]::new([System.Net.Http.HttpClientHandler]::new())
            foreach ($url in '{{viaIp}}', '{{viaName}}') { [int]$http.GetAsync($url).GetAwaiter().GetResult().StatusCode }
            """;
        var environment = new Dictionary<string, string?>
        {
            ["HTTP_PROXY"] = emulator.Host.ProxyUrl.GetLeftPart(UriPartial.Authority),
            ["NO_PROXY"] = "localhost",
        };
        foreach (var name in new[] { "http_proxy", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY", "no_proxy" })
        {
            environment[name] = null;
        }

        var output = await RunPwshAsync(script, environment);

        Assert.Equal("200\n200\n", output.ReplaceLineEndings("\n"));
        var proxied = Assert.Single(emulator.State.Requests(origin: RequestOrigin.Proxy, path: "http://"), r => r.Query == new Uri(viaIp).Query);
        Assert.Equal(200, proxied.Status);
        Assert.DoesNotContain(emulator.State.Requests(origin: RequestOrigin.Proxy), r => r.Query == new Uri(viaName).Query);
        Assert.Equal(2, emulator.State.Requests(origin: RequestOrigin.Api, path: "/api/v1/models")
            .Count(r => r.Query == new Uri(viaIp).Query || r.Query == new Uri(viaName).Query));
    }

    private long LogMark() => emulator.State.Requests() is [.., var last] ? last.Seq : 0;

    private HttpClient ClientThroughProxy(ICredentials? credentials = null) => new(new HttpClientHandler
    {
        Proxy = new WebProxy(emulator.Host.ProxyUrl) { Credentials = credentials },
        UseProxy = true,
        AllowAutoRedirect = false,
    });

    private static Task<HttpResponseMessage> SendAsync(HttpClient http, HttpMethod method, Uri url, string key, string? json = null)
    {
        var request = new HttpRequestMessage(method, url)
        {
            Headers = { { "Authorization", $"Bearer {key}" } },
            Content = json is null ? null : new StringContent(json, Encoding.UTF8, "application/json"),
        };
        return http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }

    private async Task<JsonElement> ControlAsync(HttpMethod method, string path, string? json = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(emulator.Host.ControlUrl + path))
        {
            Content = json is null ? null : new StringContent(json, Encoding.UTF8, "application/json"),
        };
        using var response = await emulator.Http.SendAsync(request);
        Assert.Equal(200, (int)response.StatusCode);
        return await response.JsonAsync();
    }

    private async Task<Tunnel> ConnectAsync(string authority)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync(emulator.Host.ProxyUrl.Host, emulator.Host.ProxyUrl.Port);
        var tunnel = new Tunnel(tcp);
        await tunnel.WriteAsync($"CONNECT {authority} HTTP/1.1\r\nHost: {authority}\r\n\r\n");
        tunnel.Head = await tunnel.ReadHeadAsync();
        return tunnel;
    }

    private static async Task<string> RunPwshAsync(string script, Dictionary<string, string?> environment)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = RepositoryRoot(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { "pwsh", "-NoProfile", "-NonInteractive", "-Command", script })
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);
        Assert.True(process.ExitCode == 0, $"pwsh exited with {process.ExitCode}: {await errors}");
        return await output;
    }

    /// <summary>Where dotnet-tools.json pins pwsh; `dotnet pwsh` only resolves from inside the repository.</summary>
    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "dotnet-tools.json")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("no dotnet-tools.json above " + AppContext.BaseDirectory);
    }

    /// <summary>A raw connection to the proxy, for CONNECT.</summary>
    private sealed class Tunnel(TcpClient tcp) : IDisposable
    {
        private readonly NetworkStream stream = tcp.GetStream();

        public string Head { get; set; } = "";

        public Task WriteAsync(string text) => stream.WriteAsync(Encoding.ASCII.GetBytes(text)).AsTask();

        /// <summary>Reads up to and including the blank line, one byte at a time so nothing after it is taken.</summary>
        public async Task<string> ReadHeadAsync()
        {
            var head = new StringBuilder();
            var one = new byte[1];
            while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal) && await stream.ReadAsync(one) == 1)
            {
                head.Append((char)one[0]);
            }

            return head.ToString();
        }

        /// <summary>Sends a request through the tunnel and reads until the other side closes.</summary>
        public async Task<string> ExchangeAsync(string request)
        {
            await WriteAsync(request);
            using var reader = new StreamReader(stream, Encoding.UTF8, leaveOpen: true);
            return await reader.ReadToEndAsync();
        }

        public void Dispose()
        {
            stream.Dispose();
            tcp.Dispose();
        }
    }
}
