using NanoBanana.Api;

namespace NanoBanana.Tests.Api;

public sealed class StreamsTests
{
    [Fact]
    public async Task Fill_reads_on_until_it_has_the_bytes_asked_for_when_the_stream_gives_one_at_a_time()
    {
        var buffer = new byte[16];

        var read = await new TrickleStream([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]).FillAsync(buffer, 4, default);

        Assert.Equal(4, read);
        Assert.Equal([1, 2, 3, 4], buffer[..4]);
    }

    [Fact]
    public async Task Fill_stops_at_the_end_of_the_stream_or_of_the_buffer()
    {
        Assert.Equal(3, await new TrickleStream([1, 2, 3]).FillAsync(new byte[16], 8, default));
        Assert.Equal(2, await new TrickleStream([1, 2, 3]).FillAsync(new byte[2], 2, default));
    }

    /// <summary>A stream that answers every read with one byte, as a slow network may.</summary>
    private sealed class TrickleStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) =>
            base.ReadAsync(buffer, offset, Math.Min(1, count), ct);
    }
}
