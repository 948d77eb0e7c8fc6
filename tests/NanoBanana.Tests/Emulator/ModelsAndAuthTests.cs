using System.Net.Http.Headers;
using NanoBanana.Emulator;

namespace NanoBanana.Tests.Emulator;

public class ModelsAndAuthTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task Models_lists_the_catalog_without_a_key()
    {
        using var response = await emulator.GetAsync("/models");
        var body = await response.JsonAsync();

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(["data"], body.PropertyNames());
        var models = body.GetProperty("data").EnumerateArray().ToList();
        Assert.Equal(
            ["gemini-2.5-flash-image", "nanobanan-2", "nanobanan-2-2k", "nanobanan-2-4k", "nanobanan2&pro",
             "nanobanan2&pro-2k", "seedream-5.0-2k", "imagine_x_1", "seedance-1.0-video"],
            models.Select(m => m.Text("name")));
        foreach (var model in models)
        {
            Assert.Equal(
                ["name", "displayName", "creditsCost", "supportsImageInput", "supportsAspectRatio", "requiresPro"],
                model.PropertyNames().Where(n => n != "description"));
        }

        var flash = models[0];
        Assert.Equal(("Nano Banana", 1, false), (flash.Text("displayName"), flash.Int("creditsCost"), flash.GetProperty("requiresPro").GetBoolean()));
        var pro = models.Single(m => m.Text("name") == "nanobanan2&pro");
        Assert.Equal(("Nano Banana Pro", 3, true), (pro.Text("displayName"), pro.Int("creditsCost"), pro.GetProperty("requiresPro").GetBoolean()));
        Assert.Contains(models, m => m.Text("name").Contains("video", StringComparison.Ordinal) && m.TryGetProperty("description", out _));
    }

    [Fact]
    public async Task Models_ignores_an_invalid_authorization_header()
    {
        using var response = await emulator.GetAsync("/models", key: "nb_not_a_real_key");

        Assert.Equal(200, (int)response.StatusCode);
    }

    [Fact]
    public async Task Credits_reports_the_balance()
    {
        var account = emulator.NewAccount(new AccountSpec { Credits = 42 });

        using var response = await emulator.GetAsync("/credits", account.Key);
        var body = await response.JsonAsync();

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(["data"], body.PropertyNames());
        Assert.Equal(["credits"], body.GetProperty("data").PropertyNames());
        Assert.Equal(42, body.GetProperty("data").Int("credits"));
    }

    public static TheoryData<string?> BadAuthorizations => new() { null, "Bearer nb_0123", "Bearer ", "Basic bmI6eA==", "Token {key}", "Bearer {bare}" };

    [Theory]
    [MemberData(nameof(BadAuthorizations))]
    public async Task Authenticated_endpoints_answer_401_to_a_missing_or_bad_key(string? authorization)
    {
        var key = emulator.NewAccount().Key;
        foreach (var request in AuthenticatedRequests())
        {
            if (authorization is not null)
            {
                request.Headers.TryAddWithoutValidation(
                    "Authorization", authorization.Replace("{key}", key, StringComparison.Ordinal).Replace("{bare}", key[3..], StringComparison.Ordinal));
            }

            using var response = await emulator.SendAsync(request);

            Assert.Equal("Invalid or missing API key", await response.AssertErrorAsync(401));
        }

        Assert.Equal(100, emulator.State.GetAccount(key)!.Credits);
    }

    [Fact]
    public async Task An_account_without_api_access_gets_403_everywhere_but_models()
    {
        var key = emulator.NewAccount(new AccountSpec { ApiAccess = false }).Key;
        foreach (var request in AuthenticatedRequests())
        {
            using var response = await emulator.SendAsync(request, key);

            Assert.Equal("API access is not enabled for this account", await response.AssertErrorAsync(403));
        }

        using var models = await emulator.GetAsync("/models", key);
        Assert.Equal(200, (int)models.StatusCode);
    }

    [Fact]
    public async Task Every_api_response_carries_a_request_id()
    {
        using var ok = await emulator.GetAsync("/models");
        using var unauthorized = await emulator.GetAsync("/credits");

        var ids = new[] { ok, unauthorized }.Select(r => r.Headers.GetValues("x-request-id").Single()).ToList();
        Assert.All(ids, id => Assert.Matches("^[0-9a-f]{32}$", id));
        Assert.NotEqual(ids[0], ids[1]);
    }

    [Theory]
    [InlineData("/generate/cmo2xv1me0gq0l4jwvwvwpnqd")]
    [InlineData("/images")]
    public async Task Unknown_api_paths_are_404_json(string path)
    {
        var key = emulator.NewAccount().Key;

        using var response = await emulator.GetAsync(path, key);

        await response.AssertErrorAsync(404);
    }

    private IEnumerable<HttpRequestMessage> AuthenticatedRequests()
    {
        yield return new HttpRequestMessage(HttpMethod.Get, emulator.Api("/credits"));
        yield return new HttpRequestMessage(HttpMethod.Get, emulator.Api("/generate?id=cmo2xv1me0gq0l4jwvwvwpnqd"));
        yield return new HttpRequestMessage(HttpMethod.Post, emulator.Api("/generate"))
        {
            Content = new StringContent("""{"prompt":"a cat"}""", MediaTypeHeaderValue.Parse("application/json")),
        };
    }
}
