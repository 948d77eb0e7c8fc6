using System.Text;
using Microsoft.Net.Http.Headers;

namespace NanoBanana.Emulator;

/// <summary>Writes server-sent events, shaped by an optional "stream" fault (line endings, split or coalesced
/// writes, junk lines, a cut or a stall after N events, a missing final blank line).</summary>
internal sealed class SseWriter(HttpContext context, FaultSpec? fault)
{
    private static readonly TimeSpan SplitPause = TimeSpan.FromMilliseconds(5);

    private readonly string eol = fault?.LineEnding switch
    {
        LineEnding.Crlf => "\r\n",
        LineEnding.Cr => "\r",
        _ => "\n",
    };

    private readonly StringBuilder pending = new();
    private int pendingEvents;
    private int eventsWritten;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers[HeaderNames.CacheControl] = "no-cache";
        await context.Response.Body.FlushAsync(cancellationToken);
    }

    /// <returns>False when a cut or stall ended the stream: write nothing more.</returns>
    public async Task<bool> WriteEventAsync(string json, bool final, CancellationToken cancellationToken)
    {
        var frame = "data: " + json + eol + (final && fault?.NoFinalBlankLine == true ? "" : eol);
        if (eventsWritten == fault?.CutAfterEvents)
        {
            pending.Append(frame.AsSpan(0, frame.Length / 2));
            await WriteAsync(TakePending(), cancellationToken);
            await ConnectionReset.AbortAfterFlushAsync(context, context.Response.Body);
            return false;
        }

        if (eventsWritten == fault?.StallAfterEvents)
        {
            await WriteAsync(TakePending(), cancellationToken);
            await Task.Delay(fault.StallMs > 0 ? TimeSpan.FromMilliseconds(fault.StallMs) : Timeout.InfiniteTimeSpan, cancellationToken);
            return false;
        }

        eventsWritten++;
        pendingEvents++;
        if (fault?.Junk == true)
        {
            pending.Append(": emulator comment ").Append(eventsWritten).Append(eol);
        }

        pending.Append(frame);
        if (fault?.Junk == true && eventsWritten == 1)
        {
            pending.Append("event: x").Append(eol).Append("id: 7").Append(eol).Append("retry: 100").Append(eol)
                .Append("data: not json").Append(eol).Append(eol)
                .Append("data:").Append(StreamResponder.HeartbeatJson).Append(eol).Append(eol);
        }

        if (fault?.Coalesce != true || pendingEvents >= 2 || final)
        {
            await WriteAsync(TakePending(), cancellationToken);
        }

        return true;
    }

    public Task WriteCommentAsync(string text, CancellationToken cancellationToken) =>
        WriteAsync(TakePending() + ": " + text + eol + eol, cancellationToken);

    private string TakePending()
    {
        var text = pending.ToString();
        pending.Clear();
        pendingEvents = 0;
        return text;
    }

    private async Task WriteAsync(string text, CancellationToken cancellationToken)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        if (fault?.Split != true || bytes.Length < 4)
        {
            await WritePieceAsync(bytes, cancellationToken);
            return;
        }

        int[] cuts = [0, 3, bytes.Length / 2, bytes.Length - 1, bytes.Length];
        for (var i = 1; i < cuts.Length; i++)
        {
            await WritePieceAsync(bytes.AsMemory(cuts[i - 1], cuts[i] - cuts[i - 1]), cancellationToken);
            if (i < cuts.Length - 1)
            {
                await Task.Delay(SplitPause, cancellationToken);
            }
        }
    }

    private async Task WritePieceAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        await context.Response.Body.WriteAsync(bytes, cancellationToken);
        await context.Response.Body.FlushAsync(cancellationToken);
    }
}
