using System.Text;
using System.Text.Json;
using NanoBanana.Emulator;

namespace NanoBanana.Tests.Emulator;

public class ControlApiTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task Info_names_both_origins_the_demo_key_and_the_proxy()
    {
        var info = await SendAsync(HttpMethod.Get, "/info");

        Assert.Equal(["baseUrl", "cdnUrl", "demoKey", "proxyUrl"], info.PropertyNames());
        Assert.Equal(emulator.Host.BaseUrl.ToString(), info.Text("baseUrl"));
        Assert.Equal(emulator.Host.CdnUrl.GetLeftPart(UriPartial.Authority), info.Text("cdnUrl"));
        Assert.Equal(emulator.Host.DemoKey, info.Text("demoKey"));
        Assert.Equal(emulator.Host.ProxyUrl.GetLeftPart(UriPartial.Authority), info.Text("proxyUrl"));
        Assert.Matches("^nb_[0-9a-f]{64}$", emulator.Host.DemoKey);
    }

    [Fact]
    public async Task Accounts_can_be_created_read_and_patched()
    {
        var created = await SendAsync(HttpMethod.Post, "/accounts", """{"credits":7,"pro":false,"busyStyle":"200","heartbeatStyle":"comment","progressSteps":[30,60]}""");
        var key = created.Text("key");
        var patched = await SendAsync(HttpMethod.Patch, $"/accounts/{key}", """{"credits":3,"apiAccess":false}""");
        var read = await SendAsync(HttpMethod.Get, $"/accounts/{key}");

        Assert.Matches("^nb_[0-9a-f]{64}$", key);
        Assert.Equal(
            ["key", "credits", "apiAccess", "pro", "latencyMs", "heartbeatMs", "progressSteps", "streamEarlyId", "heartbeatStyle",
             "maxConcurrentSync", "busyStyle", "maxAsyncTasks", "imageWidth", "imageHeight", "imageBytes", "jpegEvery", "imageFormat",
             "imageTtlSeconds", "expiredStatus"],
            created.PropertyNames());
        Assert.Equal((7, false, "200", "comment"), (created.Int("credits"), created.GetProperty("pro").GetBoolean(), created.Text("busyStyle"), created.Text("heartbeatStyle")));
        Assert.Equal((3, false, false), (patched.Int("credits"), patched.GetProperty("apiAccess").GetBoolean(), patched.GetProperty("pro").GetBoolean()));
        Assert.Equal(patched.GetRawText(), read.GetRawText());
        Assert.Equal(1296000, read.Int("imageTtlSeconds"));
    }

    [Theory]
    [InlineData("POST", "/accounts", """{"key":"sk_wrong"}""", 400)]
    [InlineData("POST", "/accounts", """{"expiredStatus":500}""", 400)]
    [InlineData("POST", "/accounts", "not json", 400)]
    [InlineData("GET", "/accounts/nb_unknown", null, 404)]
    [InlineData("PATCH", "/accounts/nb_unknown", """{"credits":1}""", 404)]
    [InlineData("POST", "/faults", """{"kind":"teleport"}""", 400)]
    [InlineData("POST", "/faults", """{"kind":"redirect"}""", 400)]
    [InlineData("DELETE", "/faults/f999", null, 404)]
    [InlineData("GET", "/generations/cnope", null, 404)]
    [InlineData("PATCH", "/generations/cnope", "{}", 404)]
    [InlineData("GET", "/requests?origin=ftp", null, 400)]
    [InlineData("POST", "/faults", """{"kind":"status","match":{"origin":"proxy"}}""", 400)]
    [InlineData("PUT", "/proxy", """{"requireCredentials":{"user":"a:b","password":"p"}}""", 400)]
    [InlineData("PUT", "/proxy", """{"requireCredentials":{"user":"a"}}""", 400)]
    public async Task Bad_control_requests_are_answered_with_an_error(string method, string path, string? body, int status)
    {
        using var response = await RawAsync(new HttpMethod(method), path, body);

        await response.AssertErrorAsync(status);
    }

    [Fact]
    public async Task A_duplicate_account_key_is_refused()
    {
        var key = emulator.NewAccount().Key;

        using var response = await RawAsync(HttpMethod.Post, "/accounts", $$"""{"key":"{{key}}"}""");

        await response.AssertErrorAsync(400);
    }

    [Fact]
    public async Task Faults_can_be_armed_and_disarmed_over_http()
    {
        var key = emulator.NewAccount().Key;
        var fault = $$"""{"match":{"key":"{{key}}","path":"/credits","method":"GET"},"kind":"status","status":507,"times":0}""";

        var id = (await SendAsync(HttpMethod.Post, "/faults", fault)).Text("id");
        using var faulted = await emulator.GetAsync("/credits", key);
        using var disarm = await RawAsync(HttpMethod.Delete, $"/faults/{id}");
        using var healed = await emulator.GetAsync("/credits", key);
        await SendAsync(HttpMethod.Post, "/faults", fault);
        using var clear = await RawAsync(HttpMethod.Delete, "/faults");
        using var cleared = await emulator.GetAsync("/credits", key);

        Assert.Equal(507, (int)faulted.StatusCode);
        Assert.Equal((204, 200), ((int)disarm.StatusCode, (int)healed.StatusCode));
        Assert.Equal((204, 200), ((int)clear.StatusCode, (int)cleared.StatusCode));
    }

    [Fact]
    public async Task Stream_faults_accept_their_json_options()
    {
        var key = emulator.NewAccount().Key;
        await SendAsync(HttpMethod.Post, "/faults", $$"""
            {"match":{"key":"{{key}}","mode":"stream"},"kind":"stream","lineEnding":"crlf","junk":true,"noFinalBlankLine":true}
            """);

        using var response = await emulator.GenerateAsync(key, new { prompt = "json options", mode = "stream" });
        var text = (await SseCapture.ReadAsync(response)).Text;

        Assert.Contains("event: x\r\n", text, StringComparison.Ordinal);
        Assert.EndsWith("}\r\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_request_log_is_readable_and_clearable_over_http()
    {
        var key = emulator.NewAccount().Key;
        (await emulator.GetAsync("/credits", key)).Dispose();

        var requests = await SendAsync(HttpMethod.Get, $"/requests?key={key}&origin=api&method=GET&path=/api/v1/credits");
        using var clear = await RawAsync(HttpMethod.Delete, "/requests");

        var logged = Assert.Single(requests.EnumerateArray());
        Assert.Equal(
            ["seq", "time", "origin", "method", "path", "query", "headers", "body", "key", "owner", "status"],
            logged.PropertyNames());
        Assert.Equal(("api", "/api/v1/credits", 200), (logged.Text("origin"), logged.Text("path"), logged.Int("status")));
        Assert.Equal($"Bearer {key}", logged.GetProperty("headers").Text("Authorization"));
        Assert.Equal(204, (int)clear.StatusCode);
        Assert.Empty(emulator.State.Requests(key));
    }

    [Fact]
    public async Task Generations_can_be_listed_read_and_back_dated()
    {
        var key = emulator.NewAccount().Key;
        var id = (await emulator.CompletedGenerationAsync(key)).Id;

        var listed = await SendAsync(HttpMethod.Get, $"/generations?key={key}");
        var read = await SendAsync(HttpMethod.Get, $"/generations/{id}");
        var patched = await SendAsync(HttpMethod.Patch, $"/generations/{id}", """{"createdAt":"2026-01-01T00:00:00Z","outcome":"failed"}""");

        Assert.Equal(id, Assert.Single(listed.EnumerateArray()).Text("id"));
        foreach (var field in new[] { "key", "status", "outcome", "createdAt", "imageUrls", "creditsUsed", "mode", "prompt" })
        {
            Assert.True(read.TryGetProperty(field, out _), field);
        }

        Assert.Equal(("completed", "completed", key), (read.Text("status"), read.Text("outcome"), read.Text("key")));
        Assert.Equal(("failed", "failed"), (patched.Text("status"), patched.Text("outcome")));
        Assert.Equal("Generation failed due to server error", patched.Text("errorMessage"));
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), patched.GetProperty("createdAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task Patching_a_never_ending_sync_job_releases_the_waiting_client()
    {
        var key = emulator.NewAccount().Key;
        emulator.State.ArmFault(new FaultSpec { Kind = FaultKind.Outcome, Outcome = GenerationOutcome.Never, Match = new FaultMatch { Key = key } });
        var pending = emulator.GenerateAsync(key, new { prompt = "stuck" });
        await Eventually.TrueAsync(() => emulator.State.Generations(key).Count == 1);

        await SendAsync(HttpMethod.Patch, $"/generations/{emulator.State.Generations(key)[0].Id}", """{"outcome":"completed"}""");
        using var response = await pending;

        Assert.True((await response.JsonAsync()).GetProperty("success").GetBoolean());
    }

    private async Task<JsonElement> SendAsync(HttpMethod method, string path, string? body = null)
    {
        using var response = await RawAsync(method, path, body);
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.JsonAsync();
    }

    private Task<HttpResponseMessage> RawAsync(HttpMethod method, string path, string? body = null)
    {
        var request = new HttpRequestMessage(method, new Uri(emulator.Host.ControlUrl + path));
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        return emulator.Http.SendAsync(request);
    }
}
