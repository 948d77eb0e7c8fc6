using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace NanoBanana.Tests.Emulator;

/// <summary>Structural checks of the images the CDN serves.</summary>
internal static class ImageInspector
{
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Checks signature, chunk order and CRCs, and that IDAT inflates to one filter byte plus RGB per row.</summary>
    public static (int Width, int Height) AssertPng(byte[] png)
    {
        Assert.Equal(PngSignature, png[..8]);
        var chunks = new List<(string Type, byte[] Data)>();
        for (var offset = 8; offset < png.Length;)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(offset));
            var typeAndData = png.AsSpan(offset + 4, 4 + length);
            var crc = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(offset + 8 + length));
            Assert.Equal(Crc32(typeAndData), crc);
            chunks.Add((Encoding.ASCII.GetString(typeAndData[..4]), typeAndData[4..].ToArray()));
            offset += 12 + length;
        }

        Assert.Equal(["IHDR", "IDAT", "IEND"], chunks.Select(c => c.Type).Distinct());
        Assert.Equal("IEND", chunks[^1].Type);

        var header = chunks[0].Data;
        var (width, height) = (BinaryPrimitives.ReadInt32BigEndian(header), BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(4)));
        Assert.Equal([8, 2, 0, 0, 0], header[8..]);
        using var idat = new MemoryStream([.. chunks.Where(c => c.Type == "IDAT").SelectMany(c => c.Data)]);
        using var inflater = new ZLibStream(idat, CompressionMode.Decompress);
        using var raw = new MemoryStream();
        inflater.CopyTo(raw);
        Assert.Equal((long)height * ((width * 3) + 1), raw.Length);
        return (width, height);
    }

    /// <summary>Checks SOI, EOI and a baseline SOF0 frame with three components.</summary>
    public static (int Width, int Height) AssertJpeg(byte[] jpeg)
    {
        Assert.Equal([0xFF, 0xD8], jpeg[..2]);
        Assert.Equal([0xFF, 0xD9], jpeg[^2..]);
        var offset = 2;
        while (jpeg[offset] == 0xFF && jpeg[offset + 1] != 0xDA)
        {
            var marker = jpeg[offset + 1];
            var length = BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(offset + 2));
            if (marker == 0xC0)
            {
                var frame = jpeg.AsSpan(offset + 4, length - 2);
                Assert.Equal(8, frame[0]);
                Assert.Equal(3, frame[5]);
                return (BinaryPrimitives.ReadUInt16BigEndian(frame[3..]), BinaryPrimitives.ReadUInt16BigEndian(frame[1..]));
            }

            offset += 2 + length;
        }

        Assert.Fail("no SOF0 segment before the scan");
        return default;
    }

    private static uint Crc32(ReadOnlySpan<byte> bytes)
    {
        var crc = uint.MaxValue;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320 ^ (crc >> 1) : crc >> 1;
            }
        }

        return ~crc;
    }
}
