using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace NanoBanana.Api;

/// <summary>Reads that a single <see cref="Stream.ReadAsync(byte[], int, int, CancellationToken)"/> does not make.</summary>
internal static class Streams
{
    /// <summary>
    /// Reads into <paramref name="buffer"/> from its start until at least <paramref name="atLeast"/> bytes are there,
    /// the buffer is full, or the stream ends; returns how many bytes were read.
    /// </summary>
    public static async Task<int> FillAsync(
        this Stream source,
        byte[] buffer,
        int atLeast,
        CancellationToken cancellationToken)
    {
        var total = 0;
        int read;
        while (total < atLeast
            && (read = await source.ReadAsync(buffer, total, buffer.Length - total, cancellationToken)
                .ConfigureAwait(false)) > 0)
        {
            total += read;
        }

        return total;
    }
}
