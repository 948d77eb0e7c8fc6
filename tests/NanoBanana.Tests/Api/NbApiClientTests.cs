using NanoBanana.Api;
using NanoBanana.Emulator;
using NanoBanana.Tests.Emulator;
using GenerationMode = NanoBanana.Api.GenerationMode;

namespace NanoBanana.Tests.Api;

/// <summary>What the client sends and what it lets through to verbose and errors, against the emulator.</summary>
public class NbApiClientTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task A_submission_goes_on_a_connection_of_its_own_and_reads_keep_theirs()
    {
        var key = emulator.NewAccount().Key;
        var client = emulator.Client(key);

        await client.GetCreditsAsync(default);
        await client.SubmitAsync(CoreHarness.Request(), default);

        var post = Assert.Single(emulator.State.Requests(key, RequestOrigin.Api, "POST"));
        var get = Assert.Single(emulator.State.Requests(key, RequestOrigin.Api, "GET"));
        Assert.Equal("close", post.Headers.GetValueOrDefault("Connection"), StringComparer.OrdinalIgnoreCase);
        Assert.NotEqual("close", get.Headers.GetValueOrDefault("Connection"), StringComparer.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_reason_phrase_is_redacted_before_verbose()
    {
        var key = emulator.NewAccount().Key;
        emulator.Arm(key, new FaultSpec { Match = new FaultMatch { Path = "/credits" }, Kind = FaultKind.Status, Status = 503, Reason = "Busy nb_leak0123456789" });
        var said = new List<string>();

        await emulator.Client(key, CoreHarness.Fast() with { Log = said.Add }).GetCreditsAsync(default);

        Assert.Contains(said, m => m.Contains("503 Busy nb_***", StringComparison.Ordinal));
        Assert.DoesNotContain(said, m => m.Contains("nb_leak", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_event_type_is_redacted_before_verbose()
    {
        var key = emulator.NewAccount().Key;
        emulator.Arm(key, Events(key, "data: {\"type\":\"nb_leak0123456789\"}\n\n"));
        var said = new List<string>();

        await CoreHarness.FailsWith(NbErrorKind.OutcomeUnknown, () => Stream(key, CoreHarness.Fast() with { Log = said.Add }));

        Assert.Contains(said, m => m.Contains("'nb_***'", StringComparison.Ordinal));
        Assert.DoesNotContain(said, m => m.Contains("nb_leak", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_line_of_an_event_stream_longer_than_a_mebibyte_is_a_protocol_error()
    {
        var key = emulator.NewAccount().Key;
        emulator.Arm(key, Events(key, "data: " + new string('x', SseParser.MaxLineLength + 10) + "\n\n"));

        await CoreHarness.FailsWith(NbErrorKind.ProtocolError, () => Stream(key, CoreHarness.Fast()));

        Assert.Equal(1, emulator.Posts(key));
    }

    [Fact]
    public async Task Cookies_set_by_the_service_are_never_sent_back()
    {
        var key = emulator.NewAccount().Key;
        emulator.Arm(key, new FaultSpec
        {
            Match = new FaultMatch { Path = "/credits" },
            Kind = FaultKind.Status,
            Status = 200,
            Body = """{"success":true,"data":{"credits":7}}""",
            Headers = new Dictionary<string, string> { ["Set-Cookie"] = "session=abc; Path=/" },
        });
        var client = emulator.Client(key);

        await client.GetCreditsAsync(default);
        await client.GetCreditsAsync(default);

        Assert.All(emulator.State.Requests(key, RequestOrigin.Api), r => Assert.False(r.Headers.ContainsKey("Cookie")));
    }

    [Fact]
    public async Task A_408_after_the_retries_is_a_timeout()
    {
        var key = emulator.NewAccount().Key;
        emulator.Arm(key, new FaultSpec { Match = new FaultMatch { Path = "/credits" }, Kind = FaultKind.Status, Status = 408, Times = 0 });

        await CoreHarness.FailsWith(NbErrorKind.Timeout, () => emulator.Client(key, CoreHarness.Fast(maxRetries: 1)).GetCreditsAsync(default));

        Assert.Equal(2, emulator.Gets(key, "/api/v1/credits"));
    }

    private static FaultSpec Events(string key, string body) => new()
    {
        Match = new FaultMatch { Key = key, Method = "POST" },
        Kind = FaultKind.Status,
        Status = 200,
        ContentType = "text/event-stream",
        Body = body,
    };

    private Task<NbGeneration> Stream(string key, RequestOptions options) =>
        emulator.Client(key, options).GenerateAsync(
            CoreHarness.Request(mode: GenerationMode.Stream), false, TimeSpan.FromSeconds(5), _ => { }, default);
}
