using NanoBanana.Emulator;

EmulatorOptions options;
try
{
    options = EmulatorOptions.Parse(args);
}
catch (Exception e) when (e is FormatException or InvalidOperationException)
{
    await Console.Error.WriteLineAsync(e.Message);
    return 2;
}

using var shutdown = new ShutdownSignal(options.ExitOnStdinClose);
await using var host = await EmulatorHost.StartAsync(options);
await Console.Out.WriteAsync($"""
    NANO_BANANA_BASE_URL={host.BaseUrl}
    NANO_BANANA_API_KEY={host.DemoKey}
    NB_EMULATOR_CDN={host.CdnUrl.GetLeftPart(UriPartial.Authority)}
    NB_EMULATOR_PROXY={host.ProxyUrl.GetLeftPart(UriPartial.Authority)}
    Nano Banana emulator ready (control API: {host.ControlUrl}). Press Ctrl+C to stop.

    """);
await Console.Out.FlushAsync();
await shutdown.WaitAsync();
return 0;
