using NanoBanana.Api;
using NanoBanana.Emulator;
using NanoBanana.Tests.Emulator;

namespace NanoBanana.Tests.Api;

/// <summary>API answers that redirect are never followed: the key stays with the configured origin.</summary>
public class RedirectTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    [Theory]
    [InlineData("GET", "/credits", "/api/v1/credits/")]
    [InlineData("POST", "/generate", "/api/v1/generate/")]
    [InlineData("GET", "/credits", "//elsewhere.example/steal?key=1")]
    public async Task A_relative_redirect_is_a_protocol_error_and_nothing_goes_to_the_new_location(string method, string path, string location)
    {
        var key = emulator.NewAccount().Key;
        emulator.Arm(key, new FaultSpec
        {
            Match = new FaultMatch { Method = method, Path = path },
            Kind = FaultKind.Redirect,
            Status = 308,
            Location = new Uri(location, UriKind.Relative),
        });
        var client = emulator.Client(key);

        var e = await CoreHarness.FailsWith(
            NbErrorKind.ProtocolError,
            () => method == "GET" ? client.GetCreditsAsync(default) : client.SubmitAsync(CoreHarness.Request(), default));

        Assert.Equal(308, e.StatusCode);
        Assert.DoesNotContain("key=1", e.Message, StringComparison.Ordinal);
        var requests = emulator.State.Requests(key, RequestOrigin.Api);
        Assert.Equal("/api/v1" + path, Assert.Single(requests).Path);
        Assert.Equal(100, emulator.State.GetAccount(key)!.Credits);
    }
}
