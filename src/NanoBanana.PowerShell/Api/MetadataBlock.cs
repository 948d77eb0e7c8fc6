using System;
using System.Text;

namespace NanoBanana.Api;

/// <summary>
/// Where an XMP packet goes in an image file and the bytes that carry it: a PNG iTXt chunk right after IHDR, or a JPEG
/// APP1 segment after SOI and any APP0 (JFIF) segments. Other formats, and a JPEG whose packet passes the 64 KB
/// segment limit, take no embedded metadata (the record goes to a sidecar instead).
/// </summary>
internal static class MetadataBlock
{
    /// <summary><see cref="InsertionPoint"/>: more of the file's start is needed to decide.</summary>
    public const int NeedMore = -1;

    /// <summary><see cref="InsertionPoint"/>: the file's start is not what the format requires; embed nothing.</summary>
    public const int Unsupported = -2;

    /// <summary>The most packet bytes one JPEG APP1 segment carries (65535 minus the length field and the XMP name).</summary>
    public const int JpegMaxPacket = 65535 - 2 - 29;

    private const string XmpKeyword = "XML:com.adobe.xmp";
    private static readonly byte[] JpegXmpName = Encoding.ASCII.GetBytes("http://ns.adobe.com/xap/1.0/\0");

    /// <summary>The chunk or segment carrying <paramref name="packet"/> for the format; null when it has none.</summary>
    public static byte[]? For(string extension, string packet) => extension switch
    {
        ".png" => PngChunk(packet),
        ".jpg" => JpegSegment(packet),
        _ => null,
    };

    /// <summary>A PNG iTXt chunk (uncompressed, no language) with the XMP keyword, its CRC computed.</summary>
    public static byte[] PngChunk(string packet)
    {
        var keyword = Encoding.ASCII.GetBytes(XmpKeyword);
        var text = Encoding.UTF8.GetBytes(packet);
        var dataLength = keyword.Length + 5 + text.Length;
        var chunk = new byte[12 + dataLength];
        WriteUInt32(chunk, 0, (uint)dataLength);
        Encoding.ASCII.GetBytes("iTXt", 0, 4, chunk, 4);
        keyword.CopyTo(chunk, 8);

        // After the keyword: its NUL, compression flag 0, method 0, an empty language tag and translated keyword.
        text.CopyTo(chunk, 8 + keyword.Length + 5);
        WriteUInt32(chunk, 8 + dataLength, Crc32.Compute(chunk.AsSpan(4, 4 + dataLength)));
        return chunk;
    }

    /// <summary>A JPEG APP1 segment with the XMP name; null when the packet passes the segment limit.</summary>
    public static byte[]? JpegSegment(string packet)
    {
        var text = Encoding.UTF8.GetBytes(packet);
        if (text.Length > JpegMaxPacket)
        {
            return null;
        }

        var segment = new byte[4 + JpegXmpName.Length + text.Length];
        segment[0] = 0xFF;
        segment[1] = 0xE1;
        var length = segment.Length - 2;
        segment[2] = (byte)(length >> 8);
        segment[3] = (byte)length;
        JpegXmpName.CopyTo(segment, 4);
        text.CopyTo(segment, 4 + JpegXmpName.Length);
        return segment;
    }

    /// <summary>
    /// The offset in the file where the block goes, <see cref="NeedMore"/> when <paramref name="start"/> is too short
    /// to tell, or <see cref="Unsupported"/>.
    /// </summary>
    public static int InsertionPoint(ReadOnlySpan<byte> start, string extension) => extension switch
    {
        ".png" => PngInsertionPoint(start),
        ".jpg" => JpegInsertionPoint(start),
        _ => Unsupported,
    };

    private static int PngInsertionPoint(ReadOnlySpan<byte> start)
    {
        const int AfterIhdr = 8 + 8 + 13 + 4;
        if (start.Length < AfterIhdr)
        {
            return NeedMore;
        }

        var ihdr = start[8] == 0 && start[9] == 0 && start[10] == 0 && start[11] == 13
            && start[12] == 'I' && start[13] == 'H' && start[14] == 'D' && start[15] == 'R';
        return ihdr ? AfterIhdr : Unsupported;
    }

    private static int JpegInsertionPoint(ReadOnlySpan<byte> start)
    {
        var at = 2;
        while (true)
        {
            if (start.Length < at + 4)
            {
                return NeedMore;
            }

            if (start[at] != 0xFF || start[at + 1] != 0xE0)
            {
                return start[at] == 0xFF ? at : Unsupported;
            }

            var length = (start[at + 2] << 8) | start[at + 3];
            if (length < 2)
            {
                return Unsupported;
            }

            at += 2 + length;
        }
    }

    private static void WriteUInt32(byte[] bytes, int offset, uint value)
    {
        bytes[offset] = (byte)(value >> 24);
        bytes[offset + 1] = (byte)(value >> 16);
        bytes[offset + 2] = (byte)(value >> 8);
        bytes[offset + 3] = (byte)value;
    }
}
