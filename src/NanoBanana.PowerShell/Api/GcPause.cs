using System;
using System.Runtime;

namespace NanoBanana.Api;

/// <summary>
/// Holds the garbage collector off while a large file is read into objects that all stay alive: without it, the
/// collector copies them from generation to generation as they pile up, which took more than half the time of reading
/// a history of 100,000 generations. Only for files large enough to matter; where the runtime refuses (the size is
/// past its limit, another pause is on) reading goes on as usual.
/// </summary>
internal sealed class GcPause : IDisposable
{
    /// <summary>Below this file size collections cost too little to matter.</summary>
    private const long MinimumFileBytes = 8L << 20;

    /// <summary>Objects take about this many times the file's bytes.</summary>
    private const long BytesPerFileByte = 4;

    private const long MaximumBytes = 1L << 30;

    private readonly bool started;

    private GcPause(bool started) => this.started = started;

    /// <summary>A pause sized for reading a file of <paramref name="fileBytes"/>; dispose it when done.</summary>
    public static GcPause ForReading(long fileBytes)
    {
        if (fileBytes < MinimumFileBytes)
        {
            return new GcPause(false);
        }

        try
        {
            return new GcPause(GC.TryStartNoGCRegion(Math.Min(fileBytes * BytesPerFileByte, MaximumBytes)));
        }
        catch (Exception e) when (e is ArgumentOutOfRangeException or InvalidOperationException)
        {
            return new GcPause(false);
        }
    }

    public void Dispose()
    {
        // The pause ends by itself when more was allocated than it allowed for.
        if (started && GCSettings.LatencyMode == GCLatencyMode.NoGCRegion)
        {
            try
            {
                GC.EndNoGCRegion();
            }
            catch (InvalidOperationException)
            {
                // A collection ended it between the check and the call.
            }
        }
    }
}
