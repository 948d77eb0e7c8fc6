using System.Runtime.InteropServices;

namespace NanoBanana.Emulator;

/// <summary>Completes on Ctrl+C or SIGTERM, and optionally when stdin reaches end of file (the parent went away).</summary>
internal static class ShutdownSignal
{
    public static async Task WaitAsync(bool includeStdinClose)
    {
        var signalled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            signalled.TrySetResult();
        }
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        await (includeStdinClose ? Task.WhenAny(signalled.Task, StdinClosedAsync()) : signalled.Task);
    }

    private static async Task StdinClosedAsync()
    {
        using var stdin = Console.OpenStandardInput();
        var buffer = new byte[256];
        while (await stdin.ReadAsync(buffer) > 0)
        {
        }
    }
}
