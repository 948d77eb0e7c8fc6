using System.Runtime.InteropServices;

namespace NanoBanana.Emulator;

/// <summary>Listens, from construction on, for Ctrl+C and SIGTERM, and optionally for stdin reaching end of file
/// (the parent went away).</summary>
internal sealed class ShutdownSignal : IDisposable
{
    private readonly TaskCompletionSource signalled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly PosixSignalRegistration interrupt;
    private readonly PosixSignalRegistration terminate;
    private readonly bool includeStdinClose;

    public ShutdownSignal(bool includeStdinClose)
    {
        this.includeStdinClose = includeStdinClose;
        interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
    }

    public Task WaitAsync() => includeStdinClose ? Task.WhenAny(signalled.Task, StdinClosedAsync()) : signalled.Task;

    public void Dispose()
    {
        interrupt.Dispose();
        terminate.Dispose();
    }

    private void Stop(PosixSignalContext context)
    {
        context.Cancel = true;
        signalled.TrySetResult();
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
