using NanoBanana.Api;
using NanoBanana.Emulator;
using NanoBanana.Tests.Emulator;
using GenerationMode = NanoBanana.Api.GenerationMode;

namespace NanoBanana.Tests.Api;

/// <summary>Builds the module's core types against the test's emulator, and reads back what the emulator received.</summary>
internal static class CoreHarness
{
    /// <summary>No waiting between retries, short deadlines: the rules run in milliseconds.</summary>
    public static RequestOptions Fast(int maxRetries = 3, bool boundsBusy = false, double timeoutSec = 10) =>
        RequestOptions.WithTimeout(
            TimeSpan.FromSeconds(timeoutSec),
            new RetryPolicy(maxRetries, TimeSpan.Zero, boundsBusy));

    public static NbApiClient Client(this EmulatorFixture emulator, string key, RequestOptions? options = null) =>
        new(new ApiEndpoint(emulator.Host.BaseUrl, new ApiKey(key, "the test")), options ?? Fast());

    public static string Arm(this EmulatorFixture emulator, string key, FaultSpec fault) =>
        emulator.State.ArmFault(fault with { Match = fault.Match with { Key = key } });

    public static int Posts(this EmulatorFixture emulator, string key) =>
        emulator.State.Requests(key, RequestOrigin.Api, "POST", "/api/v1/generate").Count;

    public static int Gets(this EmulatorFixture emulator, string key, string path) =>
        emulator.State.Requests(key, RequestOrigin.Api, "GET", path).Count;

    public static GenerationRequest Request(string prompt = "a lighthouse", GenerationMode mode = GenerationMode.Async) =>
        new(prompt) { Mode = mode };

    /// <summary>Runs a call that must fail with an <see cref="NbApiException"/> of <paramref name="kind"/>.</summary>
    public static async Task<NbApiException> FailsWith(NbErrorKind kind, Func<Task> call)
    {
        var e = await Assert.ThrowsAsync<NbApiException>(call);
        Assert.True(kind == e.Kind, $"expected {kind}, got {e.Kind}: {e.Message}");
        Assert.DoesNotMatch("nb_[0-9a-f]{8}", e.Message);
        return e;
    }
}
