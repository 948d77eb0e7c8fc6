using System.Globalization;

namespace NanoBanana.Emulator;

public sealed record EmulatorOptions
{
    public int Port { get; init; }
    public int CdnPort { get; init; }
    public int ProxyPort { get; init; }
    public int LatencyMs { get; init; } = 3000;
    public int HeartbeatMs { get; init; } = 15000;
    public string? DemoKey { get; init; }
    public int DemoCredits { get; init; } = 1000;
    public int ImageWidth { get; init; } = 512;
    public int ImageHeight { get; init; } = 512;
    public int MaxAsyncTasks { get; init; } = 10;
    public bool ExitOnStdinClose { get; init; }

    private static readonly Dictionary<string, string> Switches = new()
    {
        ["--port"] = nameof(Port),
        ["--cdn-port"] = nameof(CdnPort),
        ["--proxy-port"] = nameof(ProxyPort),
        ["--latency-ms"] = nameof(LatencyMs),
        ["--heartbeat-ms"] = nameof(HeartbeatMs),
        ["--demo-key"] = nameof(DemoKey),
        ["--demo-credits"] = nameof(DemoCredits),
        ["--image-size"] = "ImageSize",
        ["--max-async-tasks"] = nameof(MaxAsyncTasks),
        ["--exit-on-stdin-close"] = nameof(ExitOnStdinClose),
    };

    /// <summary>Reads the command line (kebab-case switches or plain configuration keys).</summary>
    /// <exception cref="FormatException">The image size does not parse.</exception>
    /// <exception cref="InvalidOperationException">A number does not parse.</exception>
    public static EmulatorOptions Parse(IEnumerable<string> args)
    {
        var flagged = args.Select(a => a == "--exit-on-stdin-close" ? a + "=true" : a);
        var config = new ConfigurationBuilder().AddCommandLine(flagged.ToArray(), Switches).Build();
        var defaults = new EmulatorOptions();
        var (width, height) = ParseSize(config["ImageSize"]) ?? (defaults.ImageWidth, defaults.ImageHeight);
        return new EmulatorOptions
        {
            Port = config.GetValue(nameof(Port), defaults.Port),
            CdnPort = config.GetValue(nameof(CdnPort), defaults.CdnPort),
            ProxyPort = config.GetValue(nameof(ProxyPort), defaults.ProxyPort),
            LatencyMs = config.GetValue(nameof(LatencyMs), defaults.LatencyMs),
            HeartbeatMs = config.GetValue(nameof(HeartbeatMs), defaults.HeartbeatMs),
            DemoKey = config[nameof(DemoKey)],
            DemoCredits = config.GetValue(nameof(DemoCredits), defaults.DemoCredits),
            ImageWidth = width,
            ImageHeight = height,
            MaxAsyncTasks = config.GetValue(nameof(MaxAsyncTasks), defaults.MaxAsyncTasks),
            ExitOnStdinClose = config.GetValue(nameof(ExitOnStdinClose), false),
        };
    }

    private static (int Width, int Height)? ParseSize(string? size)
    {
        if (size is null)
        {
            return null;
        }

        var parts = size.Split('x', 'X');
        if (parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var width)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var height)
            && width > 0 && height > 0)
        {
            return (width, height);
        }

        throw new FormatException($"--image-size must look like 512x512, not '{size}'.");
    }
}
