using NanoBanana.Emulator;

namespace NanoBanana.Tests.Emulator;

public class EmulatorOptionsTests
{
    [Fact]
    public void No_arguments_give_the_demo_defaults()
    {
        Assert.Equal(new EmulatorOptions(), EmulatorOptions.Parse([]));
        Assert.Equal((3000, 15000, 1000, 512, 512, 10), Summary(new EmulatorOptions()));
    }

    [Fact]
    public void Kebab_switches_and_configuration_keys_are_both_read()
    {
        var options = EmulatorOptions.Parse([
            "--port", "5001", "--cdn-port=5002", "--proxy-port", "5003", "--latency-ms", "20", "--HeartbeatMs=30", "--demo-key", "nb_x",
            "--demo-credits", "5", "--image-size", "64x32", "--max-async-tasks", "3", "--exit-on-stdin-close",
        ]);

        Assert.Equal(
            new EmulatorOptions
            {
                Port = 5001,
                CdnPort = 5002,
                ProxyPort = 5003,
                LatencyMs = 20,
                HeartbeatMs = 30,
                DemoKey = "nb_x",
                DemoCredits = 5,
                ImageWidth = 64,
                ImageHeight = 32,
                MaxAsyncTasks = 3,
                ExitOnStdinClose = true,
            },
            options);
    }

    [Theory]
    [InlineData("--image-size", "512")]
    [InlineData("--image-size", "0x10")]
    [InlineData("--port", "eighty")]
    public void Bad_values_are_refused(string option, string value)
    {
        var error = Record.Exception(() => EmulatorOptions.Parse([option, value]));

        Assert.True(error is FormatException or InvalidOperationException, error?.ToString());
    }

    private static (int, int, int, int, int, int) Summary(EmulatorOptions o) =>
        (o.LatencyMs, o.HeartbeatMs, o.DemoCredits, o.ImageWidth, o.ImageHeight, o.MaxAsyncTasks);
}
