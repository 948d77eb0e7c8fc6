using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace NanoBanana.Emulator.Imaging;

/// <summary>Truecolour 8-bit PNG: signature, IHDR, one IDAT (zlib, filter "None" on every row), IEND.</summary>
internal static class PngEncoder
{
    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    public static byte[] Encode(RgbImage image, CompressionLevel compression)
    {
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, image.Width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), image.Height);
        header[8] = 8;
        header[9] = 2;

        using var png = new MemoryStream();
        png.Write(Signature);
        WriteChunk(png, "IHDR", header);
        WriteChunk(png, "IDAT", Deflate(image, compression));
        WriteChunk(png, "IEND", []);
        return png.ToArray();
    }

    private static byte[] Deflate(RgbImage image, CompressionLevel compression)
    {
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, compression, leaveOpen: true))
        {
            for (var y = 0; y < image.Height; y++)
            {
                zlib.WriteByte(0);
                zlib.Write(image.Pixels, y * image.Stride, image.Stride);
            }
        }

        return compressed.ToArray();
    }

    private static void WriteChunk(Stream png, string type, ReadOnlySpan<byte> data)
    {
        Span<byte> number = stackalloc byte[4];
        var typeBytes = Encoding.ASCII.GetBytes(type);
        BinaryPrimitives.WriteInt32BigEndian(number, data.Length);
        png.Write(number);
        png.Write(typeBytes);
        png.Write(data);
        BinaryPrimitives.WriteUInt32BigEndian(number, Crc32.Compute(typeBytes, data));
        png.Write(number);
    }
}
