using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace NanoBanana.Api;

/// <summary>
/// Writes the start of a downloading image with its metadata block inserted where the format wants it, streaming:
/// only the first few bytes (up to the end of PNG's IHDR or JPEG's APP0 segments) are looked at, within the copy
/// buffer, and the pixels pass through unchanged.
/// </summary>
internal static class MetadataSplice
{
    /// <summary>
    /// Reads more of the body into <paramref name="buffer"/> until the insertion point is known, then writes the bytes
    /// before it and <paramref name="block"/>. Returns how many bytes the buffer now holds, how many of them are already
    /// written, and whether the block went in (not when the file's start is unusual, or the body too short).
    /// </summary>
    public static async Task<(int Buffered, int Written, bool Embedded)> WriteStartAsync(
        Stream target,
        byte[] buffer,
        int buffered,
        string extension,
        byte[] block,
        Func<int, Task<int>> readMoreAt,
        CancellationToken cancellationToken)
    {
        var point = MetadataBlock.InsertionPoint(buffer.AsSpan(0, buffered), extension);
        while (point == MetadataBlock.NeedMore && buffered < buffer.Length)
        {
            var read = await readMoreAt(buffered).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            buffered += read;
            point = MetadataBlock.InsertionPoint(buffer.AsSpan(0, buffered), extension);
        }

        if (point < 0)
        {
            return (buffered, 0, false);
        }

        await target.WriteAsync(buffer, 0, point, cancellationToken).ConfigureAwait(false);
        await target.WriteAsync(block, 0, block.Length, cancellationToken).ConfigureAwait(false);
        return (buffered, point, true);
    }
}
