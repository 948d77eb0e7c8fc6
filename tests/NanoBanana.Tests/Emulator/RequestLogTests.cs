using System.Net.Http.Headers;
using System.Text;
using NanoBanana.Emulator;

namespace NanoBanana.Tests.Emulator;

public class RequestLogTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task Api_requests_are_recorded_verbatim()
    {
        var key = emulator.NewAccount().Key;
        using var request = new HttpRequestMessage(HttpMethod.Post, emulator.Api("/generate?trace=1"))
        {
            Content = new StringContent("""{"prompt":"山水 logged","mode":"async"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.UserAgent.ParseAdd("NanoBanana.PowerShell/0.1.0");
        request.Headers.Add("X-Custom", "yes");
        using var response = await emulator.SendAsync(request, key);
        await response.Content.ReadAsStringAsync();

        await Eventually.TrueAsync(() => emulator.State.Requests(key).SingleOrDefault()?.Status is not null);
        var logged = emulator.State.Requests(key).Single();
        Assert.Equal((RequestOrigin.Api, "POST", "/api/v1/generate", "?trace=1"), (logged.Origin, logged.Method, logged.Path, logged.Query));
        Assert.Equal($"Bearer {key}", logged.Headers["Authorization"]);
        Assert.Equal("NanoBanana.PowerShell/0.1.0", logged.Headers["User-Agent"]);
        Assert.Equal("yes", logged.Headers["x-custom"]);
        Assert.Equal("""{"prompt":"山水 logged","mode":"async"}""", logged.Body);
        Assert.Equal(key, logged.Key);
        Assert.Equal(200, logged.Status);
    }

    [Fact]
    public async Task Image_downloads_are_recorded_with_origin_cdn_and_their_owner()
    {
        var key = emulator.NewAccount().Key;
        var generation = await emulator.CompletedGenerationAsync(key);
        using var download = await emulator.GetImageAsync(generation.ImageUrls[0], "curl/8.0");
        await download.Content.ReadAsByteArrayAsync();

        await Eventually.TrueAsync(() => emulator.State.Requests(key, RequestOrigin.Cdn).SingleOrDefault()?.Status == 200);
        var logged = emulator.State.Requests(key, RequestOrigin.Cdn).Single();
        Assert.Equal(new Uri(generation.ImageUrls[0]).AbsolutePath, logged.Path);
        Assert.Equal("curl/8.0", logged.Headers["User-Agent"]);
        Assert.False(logged.Headers.ContainsKey("Authorization"));
        Assert.Equal((null, key), (logged.Key, logged.Owner));
        Assert.Null(logged.Body);
    }

    [Fact]
    public async Task The_log_filters_by_key_origin_method_and_path_prefix_oldest_first()
    {
        var key = emulator.NewAccount().Key;
        await emulator.CompletedGenerationAsync(key);
        (await emulator.GetAsync("/credits", key)).Dispose();

        var mine = emulator.State.Requests(key);

        Assert.Equal(mine.OrderBy(r => r.Seq), mine);
        Assert.Equal("/api/v1/generate", mine[0].Path);
        Assert.Equal(["/api/v1/credits"], emulator.State.Requests(key, RequestOrigin.Api, "get", "/api/v1/cred").Select(r => r.Path));
        Assert.Single(emulator.State.Requests(key, method: "POST"));
        Assert.Empty(emulator.State.Requests(key, RequestOrigin.Cdn));
    }

    [Fact]
    public async Task The_control_api_is_not_recorded()
    {
        using var info = await emulator.Http.GetAsync(new Uri(emulator.Host.ControlUrl + "/info"));

        Assert.Equal(200, (int)info.StatusCode);
        Assert.DoesNotContain(emulator.State.Requests(), r => r.Path.StartsWith("/_emulator", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Long_bodies_are_recorded_truncated_to_64_KB()
    {
        var key = emulator.NewAccount().Key;
        var prompt = new string('x', 100_000);

        (await emulator.GenerateAsync(key, new { prompt, mode = "async" })).Dispose();

        Assert.Equal(64 * 1024, emulator.State.Requests(key).Single().Body!.Length);
    }

    [Fact]
    public async Task Clearing_empties_the_log()
    {
        var key = emulator.NewAccount().Key;
        (await emulator.GetAsync("/credits", key)).Dispose();

        emulator.State.ClearRequests();

        Assert.Empty(emulator.State.Requests(key));
    }
}
