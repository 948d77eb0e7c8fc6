using System.Diagnostics;
using NanoBanana.Emulator;

namespace NanoBanana.Tests.Emulator;

/// <summary>
/// The emulator as a child process, the way scripts and the demo start it. Disposing it kills a child that is still
/// running, so a failed test leaves no emulator behind holding its parent's files and pipes.
/// </summary>
internal sealed class EmulatorChild : IDisposable
{
    private EmulatorChild(Process process) => Process = process;

    public Process Process { get; }

    public static EmulatorChild Start(params string[] arguments)
    {
        var emulatorDll = typeof(EmulatorHost).Assembly.Location;
        var start = new ProcessStartInfo(OperatingSystem.IsLinux() ? "env" : "dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (OperatingSystem.IsLinux())
        {
            // Ctrl+C in a terminal reaches a process whose SIGINT is at its default. A script's background job, as CI
            // may run the tests in, passes SIGINT on ignored (POSIX), and .NET keeps an inherited SIGINT ignored.
            start.ArgumentList.Add("--default-signal=INT");
            start.ArgumentList.Add("dotnet");
        }

        start.ArgumentList.Add(emulatorDll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return new EmulatorChild(Process.Start(start)!);
    }

    public async Task SignalAsync(string signal)
    {
        using var kill = Process.Start("kill", ["-" + signal, Process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
        Assert.Equal(0, kill.ExitCode);
    }

    public async Task<string[]> ReadLinesAsync(int count, TimeSpan patience)
    {
        using var timeout = new CancellationTokenSource(patience);
        var lines = new string[count];
        for (var i = 0; i < count; i++)
        {
            lines[i] = await Process.StandardOutput.ReadLineAsync(timeout.Token) ?? throw new InvalidOperationException("the emulator closed stdout");
        }

        return lines;
    }

    public void Dispose()
    {
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
        }

        Process.Dispose();
    }
}
