namespace NanoBanana.Emulator;

/// <summary>Drops the connection on purpose, and remembers that it did: Kestrel signals
/// <see cref="HttpContext.RequestAborted"/> asynchronously, too late for the request log.</summary>
internal static class ConnectionReset
{
    /// <summary>Time for the client to read what was flushed; a reset discards data the peer has not read yet.</summary>
    private static readonly TimeSpan ReadGrace = TimeSpan.FromMilliseconds(50);

    private static readonly object Marker = new();

    public static void Abort(HttpContext context)
    {
        context.Items[Marker] = true;
        context.Abort();
    }

    public static async Task AbortAfterFlushAsync(HttpContext context, Stream body)
    {
        await body.FlushAsync(context.RequestAborted);
        await Task.Delay(ReadGrace, context.RequestAborted);
        Abort(context);
    }

    public static bool Happened(HttpContext context) =>
        context.RequestAborted.IsCancellationRequested || context.Items.ContainsKey(Marker);
}
