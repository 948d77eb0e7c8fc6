using System.Diagnostics;
using NanoBanana.Emulator;

namespace NanoBanana.Tests.Emulator;

/// <summary>The emulator as a child process, the way scripts and the demo start it.</summary>
public class EmulatorProcessTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task It_prints_its_addresses_serves_and_exits_0_on_sigterm()
    {
        using var child = Start("--demo-key", "nb_" + new string('a', 64), "--demo-credits", "7", "--latency-ms", "50");
        var lines = await ReadLinesAsync(child, 5);

        Assert.Matches(@"^NANO_BANANA_BASE_URL=http://127\.0\.0\.1:\d+/api/v1$", lines[0]);
        Assert.Equal("NANO_BANANA_API_KEY=nb_" + new string('a', 64), lines[1]);
        Assert.Matches(@"^NB_EMULATOR_CDN=http://127\.0\.0\.1:\d+$", lines[2]);
        Assert.Matches(@"^NB_EMULATOR_PROXY=http://127\.0\.0\.1:\d+$", lines[3]);
        Assert.Matches(@"^Nano Banana emulator ready \(control API: http://127\.0\.0\.1:\d+/_emulator\)\. Press Ctrl\+C to stop\.$", lines[4]);

        var baseUrl = lines[0]["NANO_BANANA_BASE_URL=".Length..];
        using var http = new HttpClient();
        using var models = await http.GetAsync(new Uri(baseUrl + "/models"));
        using var credits = new HttpRequestMessage(HttpMethod.Get, new Uri(baseUrl + "/credits"))
        {
            Headers = { { "Authorization", "Bearer nb_" + new string('a', 64) } },
        };
        using var balance = await http.SendAsync(credits);
        Assert.Equal(200, (int)models.StatusCode);
        Assert.Equal(7, (await balance.JsonAsync()).GetProperty("data").Int("credits"));

        await SignalAsync(child, "TERM");
        await child.Process.WaitForExitAsync(new CancellationTokenSource(Patience).Token);
        Assert.Equal(0, child.Process.ExitCode);
        Assert.Equal("", await child.Process.StandardError.ReadToEndAsync());
    }

    [Fact]
    public async Task It_exits_0_on_ctrl_c_even_right_after_its_first_lines()
    {
        using var child = Start();
        await ReadLinesAsync(child, 5);

        await SignalAsync(child, "INT");

        await child.Process.WaitForExitAsync(new CancellationTokenSource(Patience).Token);
        Assert.Equal(0, child.Process.ExitCode);
    }

    [Fact]
    public async Task It_exits_0_when_stdin_closes_if_asked_to()
    {
        using var child = Start("--exit-on-stdin-close");
        await ReadLinesAsync(child, 5);

        child.Process.StandardInput.Close();

        await child.Process.WaitForExitAsync(new CancellationTokenSource(Patience).Token);
        Assert.Equal(0, child.Process.ExitCode);
    }

    [Fact]
    public async Task It_refuses_bad_options_with_exit_code_2()
    {
        using var child = Start("--image-size", "large");

        await child.Process.WaitForExitAsync(new CancellationTokenSource(Patience).Token);

        Assert.Equal(2, child.Process.ExitCode);
        Assert.Contains("--image-size", await child.Process.StandardError.ReadToEndAsync(), StringComparison.Ordinal);
    }

    private static EmulatorChild Start(params string[] arguments) => EmulatorChild.Start(arguments);

    private static Task<string[]> ReadLinesAsync(EmulatorChild child, int count) => child.ReadLinesAsync(count, Patience);

    private static Task SignalAsync(EmulatorChild child, string signal) => child.SignalAsync(signal);
}
