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
        using var process = Start("--demo-key", "nb_" + new string('a', 64), "--demo-credits", "7", "--latency-ms", "50");
        var lines = await ReadLinesAsync(process, 5);

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

        await SignalAsync(process, "TERM");
        await process.WaitForExitAsync(new CancellationTokenSource(Patience).Token);
        Assert.Equal(0, process.ExitCode);
        Assert.Equal("", await process.StandardError.ReadToEndAsync());
    }

    [Fact]
    public async Task It_exits_0_on_ctrl_c_even_right_after_its_first_lines()
    {
        using var process = Start();
        await ReadLinesAsync(process, 5);

        await SignalAsync(process, "INT");

        await process.WaitForExitAsync(new CancellationTokenSource(Patience).Token);
        Assert.Equal(0, process.ExitCode);
    }

    [Fact]
    public async Task It_exits_0_when_stdin_closes_if_asked_to()
    {
        using var process = Start("--exit-on-stdin-close");
        await ReadLinesAsync(process, 5);

        process.StandardInput.Close();

        await process.WaitForExitAsync(new CancellationTokenSource(Patience).Token);
        Assert.Equal(0, process.ExitCode);
    }

    [Fact]
    public async Task It_refuses_bad_options_with_exit_code_2()
    {
        using var process = Start("--image-size", "large");

        await process.WaitForExitAsync(new CancellationTokenSource(Patience).Token);

        Assert.Equal(2, process.ExitCode);
        Assert.Contains("--image-size", await process.StandardError.ReadToEndAsync(), StringComparison.Ordinal);
    }

    internal static Process Start(params string[] arguments)
    {
        var emulatorDll = typeof(EmulatorHost).Assembly.Location;
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(emulatorDll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start)!;
    }

    internal static async Task SignalAsync(Process process, string signal)
    {
        using var kill = Process.Start("kill", ["-" + signal, process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
        Assert.Equal(0, kill.ExitCode);
    }

    internal static async Task<string[]> ReadLinesAsync(Process process, int count)
    {
        using var timeout = new CancellationTokenSource(Patience);
        var lines = new string[count];
        for (var i = 0; i < count; i++)
        {
            lines[i] = await process.StandardOutput.ReadLineAsync(timeout.Token) ?? throw new InvalidOperationException("the emulator closed stdout");
        }

        return lines;
    }
}
