namespace NanoBanana.Emulator;

/// <summary>A write-only stream placed in front of the response body to distort how it goes out.</summary>
internal abstract class ResponseBodyFilter(Stream inner) : Stream
{
    protected Stream Inner { get; } = inner;

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public abstract override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override Task FlushAsync(CancellationToken cancellationToken) => Inner.FlushAsync(cancellationToken);

    public override void Flush() => throw new NotSupportedException("synchronous I/O");
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("synchronous I/O");
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}

/// <summary>Lets <c>limit</c> bytes through, flushes them, then aborts the connection and drops the rest.</summary>
internal sealed class TruncatingStream(Stream inner, long limit, HttpContext context) : ResponseBodyFilter(inner)
{
    private long remaining = limit;
    private bool aborted;

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (aborted)
        {
            return;
        }

        var passed = buffer[..(int)Math.Min(buffer.Length, remaining)];
        remaining -= passed.Length;
        await Inner.WriteAsync(passed, cancellationToken);
        if (remaining == 0)
        {
            aborted = true;
            await ConnectionReset.AbortAfterFlushAsync(context, Inner);
        }
    }

    public override Task FlushAsync(CancellationToken cancellationToken) =>
        aborted ? Task.CompletedTask : Inner.FlushAsync(cancellationToken);
}

/// <summary>Sends the body in flushed chunks of <c>chunkBytes</c>, pausing <c>delayMs</c> after each.</summary>
internal sealed class ThrottledStream(Stream inner, int chunkBytes, int delayMs) : ResponseBodyFilter(inner)
{
    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        for (var offset = 0; offset < buffer.Length; offset += chunkBytes)
        {
            await Inner.WriteAsync(buffer.Slice(offset, Math.Min(chunkBytes, buffer.Length - offset)), cancellationToken);
            await Inner.FlushAsync(cancellationToken);
            await Task.Delay(delayMs, cancellationToken);
        }
    }
}

/// <summary>Lets <c>limit</c> bytes through and flushes them with the headers, then goes silent until the client leaves.</summary>
internal sealed class StallingStream(Stream inner, long limit, CancellationToken clientGone) : ResponseBodyFilter(inner)
{
    private long remaining = limit;
    private bool stalled;

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (stalled)
        {
            return;
        }

        var passed = buffer[..(int)Math.Min(buffer.Length, remaining)];
        remaining -= passed.Length;
        await Inner.WriteAsync(passed, cancellationToken);
        if (passed.Length < buffer.Length)
        {
            stalled = true;
            await Inner.FlushAsync(cancellationToken);
            try
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, clientGone);
            }
            catch (OperationCanceledException)
            {
                // The client gave up, as it should.
            }
        }
    }

    public override Task FlushAsync(CancellationToken cancellationToken) =>
        stalled ? Task.CompletedTask : Inner.FlushAsync(cancellationToken);
}
