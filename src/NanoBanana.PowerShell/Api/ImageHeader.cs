using System;
using System.IO;
using System.Text;

namespace NanoBanana.Api;

/// <summary>
/// An image file's format, size and embedded XMP packet, read from its header only: PNG chunks up to IDAT, JPEG
/// segments up to SOS, the WebP VP8/VP8L/VP8X header, the GIF logical screen. The pixels are never read.
/// </summary>
internal sealed record ImageHeader(string Format, int Width, int Height, string? Xmp)
{
    /// <summary>The largest metadata chunk or segment read; larger ones are skipped.</summary>
    private const int MaxMetadata = 16 * 1024 * 1024;

    /// <summary>The header; null when the bytes are no PNG, JPEG, WebP or GIF.</summary>
    /// <exception cref="EndOfStreamException">The file ends inside its header.</exception>
    /// <exception cref="InvalidDataException">The header is damaged.</exception>
    public static ImageHeader? Read(Stream stream)
    {
        var head = new byte[ImageFormats.SignatureLength];
        var got = stream.Read(head, 0, head.Length);
        var reader = new BinaryReader(stream);
        return ImageFormats.ExtensionOf(head.AsSpan(0, got)) switch
        {
            ".png" => ReadPng(stream, head),
            ".jpg" => ReadJpeg(stream, reader, head),
            ".webp" => ReadWebP(reader),
            ".gif" when got >= 10 => new ImageHeader("GIF", head[6] | (head[7] << 8), head[8] | (head[9] << 8), null),
            ".gif" => throw new EndOfStreamException(),
            _ => null,
        };
    }

    private static ImageHeader ReadPng(Stream stream, byte[] head)
    {
        // The signature is 8 bytes: 4 of the first chunk's length are already read.
        var length = BigEndian(head, 8);
        string? xmp = null;
        int width = 0, height = 0;
        while (true)
        {
            var type = Encoding.ASCII.GetString(ReadExactly(stream, 4));
            if (type is "IDAT" or "IEND")
            {
                break;
            }

            if (type == "IHDR" || (type == "iTXt" && length <= MaxMetadata))
            {
                var data = ReadExactly(stream, length);
                (width, height) = type == "IHDR" ? (BigEndian(data, 0), BigEndian(data, 4)) : (width, height);
                xmp = type == "iTXt" ? PngXmp(data) ?? xmp : xmp;
                Skip(stream, 4);
            }
            else
            {
                Skip(stream, (long)(uint)length + 4);
            }

            length = BigEndian(ReadExactly(stream, 4), 0);
        }

        return width > 0 ? new ImageHeader("PNG", width, height, xmp) : throw Damaged("PNG", "has no IHDR chunk");
    }

    /// <summary>The text of an uncompressed iTXt chunk with the XMP keyword.</summary>
    private static string? PngXmp(byte[] data)
    {
        var keyword = Encoding.ASCII.GetBytes("XML:com.adobe.xmp\0");
        if (data.Length < keyword.Length + 4 || !data.AsSpan(0, keyword.Length).SequenceEqual(keyword)
            || data[keyword.Length] != 0)
        {
            return null;
        }

        var at = keyword.Length + 2;
        at = Array.IndexOf(data, (byte)0, at) + 1;
        at = at == 0 ? -1 : Array.IndexOf(data, (byte)0, at) + 1;
        return at <= 0 ? null : Encoding.UTF8.GetString(data, at, data.Length - at);
    }

    private static ImageHeader ReadJpeg(Stream stream, BinaryReader reader, byte[] head)
    {
        stream.Position = 2;
        string? xmp = null;
        int width = 0, height = 0;
        while (true)
        {
            var marker = NextMarker(reader);
            if (marker is 0xDA or 0xD9)
            {
                break;
            }

            if (marker is 0x01 or (>= 0xD0 and <= 0xD7))
            {
                continue;
            }

            var length = (reader.ReadByte() << 8) | reader.ReadByte();
            if (length < 2)
            {
                throw Damaged("JPEG", "has a segment shorter than its length field");
            }

            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
            {
                if (length < 7)
                {
                    throw Damaged("JPEG", "has a frame header too short for its size");
                }

                var frame = ReadExactly(stream, length - 2);
                (height, width) = ((frame[1] << 8) | frame[2], (frame[3] << 8) | frame[4]);
            }
            else if (marker == 0xE1 && xmp is null)
            {
                xmp = JpegXmp(ReadExactly(stream, length - 2));
            }
            else
            {
                Skip(stream, length - 2);
            }
        }

        return width > 0 ? new ImageHeader("JPEG", width, height, xmp) : throw Damaged("JPEG", "has no frame header");
    }

    private static int NextMarker(BinaryReader reader)
    {
        if (reader.ReadByte() != 0xFF)
        {
            throw Damaged("JPEG", "has data where a segment marker belongs");
        }

        int marker;
        while ((marker = reader.ReadByte()) == 0xFF)
        {
        }

        return marker;
    }

    private static string? JpegXmp(byte[] data)
    {
        var name = Encoding.ASCII.GetBytes("http://ns.adobe.com/xap/1.0/\0");
        return data.Length > name.Length && data.AsSpan(0, name.Length).SequenceEqual(name)
            ? Encoding.UTF8.GetString(data, name.Length, data.Length - name.Length)
            : null;
    }

    private static ImageHeader ReadWebP(BinaryReader reader)
    {
        var chunk = Encoding.ASCII.GetString(reader.ReadBytes(4));
        reader.ReadUInt32();
        var data = reader.ReadBytes(10);
        if (data.Length < 10)
        {
            throw new EndOfStreamException();
        }

        return chunk switch
        {
            "VP8 " when data[3] == 0x9D && data[4] == 0x01 && data[5] == 0x2A =>
                new("WebP", (data[6] | (data[7] << 8)) & 0x3FFF, (data[8] | (data[9] << 8)) & 0x3FFF, null),
            "VP8L" when data[0] == 0x2F => new("WebP", 1 + (data[1] | ((data[2] & 0x3F) << 8)),
                1 + ((data[2] >> 6) | (data[3] << 2) | ((data[4] & 0x0F) << 10)), null),
            "VP8X" => new("WebP", 1 + (data[4] | (data[5] << 8) | (data[6] << 16)),
                1 + (data[7] | (data[8] << 8) | (data[9] << 16)), null),
            _ => throw Damaged("WebP", $"starts with an unknown chunk '{chunk}'"),
        };
    }

    private static byte[] ReadExactly(Stream stream, int count)
    {
        if (count < 0)
        {
            throw new InvalidDataException("A chunk length is out of range.");
        }

        var bytes = new byte[count];
        var total = 0;
        for (int read; total < count && (read = stream.Read(bytes, total, count - total)) > 0;)
        {
            total += read;
        }

        return total == count ? bytes : throw new EndOfStreamException();
    }

    private static void Skip(Stream stream, long count)
    {
        if (stream.Position + count > stream.Length)
        {
            throw new EndOfStreamException();
        }

        stream.Seek(count, SeekOrigin.Current);
    }

    private static int BigEndian(byte[] bytes, int offset) =>
        (bytes[offset] << 24) | (bytes[offset + 1] << 16) | (bytes[offset + 2] << 8) | bytes[offset + 3];

    private static InvalidDataException Damaged(string format, string what) =>
        new($"It starts like a {format} image but {what}.");
}
