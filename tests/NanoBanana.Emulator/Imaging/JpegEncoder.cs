using System.Buffers.Binary;

namespace NanoBanana.Emulator.Imaging;

/// <summary>Baseline JFIF encoder: YCbCr 4:4:4, the Annex K quantisation and Huffman tables, one scan.</summary>
internal static class JpegEncoder
{
    private const int Quality = 90;

    private static readonly byte[] ZigZag =
    [
        0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5,
        12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28,
        35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51,
        58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
    ];

    private static readonly byte[] LumaQuantisation =
    [
        16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55,
        14, 13, 16, 24, 40, 57, 69, 56, 14, 17, 22, 29, 51, 87, 80, 62,
        18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92,
        49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99,
    ];

    private static readonly byte[] ChromaQuantisation =
    [
        17, 18, 24, 47, 99, 99, 99, 99, 18, 21, 26, 66, 99, 99, 99, 99,
        24, 26, 56, 99, 99, 99, 99, 99, 47, 66, 99, 99, 99, 99, 99, 99,
        99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99,
        99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99,
    ];

    private static readonly float[] Cosines = BuildCosines();

    public static byte[] Encode(RgbImage image)
    {
        var luma = Scale(LumaQuantisation);
        var chroma = Scale(ChromaQuantisation);
        using var jpeg = new MemoryStream();
        WriteHeaders(jpeg, image, luma, chroma);

        var bits = new BitWriter(jpeg);
        var y = new float[64];
        var cb = new float[64];
        var cr = new float[64];
        int previousY = 0, previousCb = 0, previousCr = 0;
        for (var top = 0; top < image.Height; top += 8)
        {
            for (var left = 0; left < image.Width; left += 8)
            {
                LoadBlock(image, left, top, y, cb, cr);
                previousY = EncodeBlock(bits, y, luma, previousY, HuffmanTable.LumaDc, HuffmanTable.LumaAc);
                previousCb = EncodeBlock(bits, cb, chroma, previousCb, HuffmanTable.ChromaDc, HuffmanTable.ChromaAc);
                previousCr = EncodeBlock(bits, cr, chroma, previousCr, HuffmanTable.ChromaDc, HuffmanTable.ChromaAc);
            }
        }

        bits.PadToByte();
        jpeg.Write([0xFF, 0xD9]);
        return jpeg.ToArray();
    }

    private static byte[] Scale(byte[] table)
    {
        var scale = Quality < 50 ? 5000 / Quality : 200 - (2 * Quality);
        return [.. table.Select(q => (byte)Math.Clamp(((q * scale) + 50) / 100, 1, 255))];
    }

    private static void WriteHeaders(Stream jpeg, RgbImage image, byte[] luma, byte[] chroma)
    {
        jpeg.Write([0xFF, 0xD8]);
        WriteSegment(jpeg, 0xE0, [(byte)'J', (byte)'F', (byte)'I', (byte)'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]);
        WriteSegment(jpeg, 0xDB, [0, .. ZigZag.Select(i => luma[i]), 1, .. ZigZag.Select(i => chroma[i])]);
        var size = new byte[4];
        BinaryPrimitives.WriteUInt16BigEndian(size, (ushort)image.Height);
        BinaryPrimitives.WriteUInt16BigEndian(size.AsSpan(2), (ushort)image.Width);
        WriteSegment(jpeg, 0xC0, [8, .. size, 3, 1, 0x11, 0, 2, 0x11, 1, 3, 0x11, 1]);
        WriteSegment(jpeg, 0xC4, [
            .. HuffmanTable.LumaDc.Segment(0x00), .. HuffmanTable.LumaAc.Segment(0x10),
            .. HuffmanTable.ChromaDc.Segment(0x01), .. HuffmanTable.ChromaAc.Segment(0x11)]);
        WriteSegment(jpeg, 0xDA, [3, 1, 0x00, 2, 0x11, 3, 0x11, 0, 63, 0]);
    }

    private static void WriteSegment(Stream jpeg, byte marker, byte[] payload)
    {
        jpeg.Write([0xFF, marker, (byte)((payload.Length + 2) >> 8), (byte)(payload.Length + 2)]);
        jpeg.Write(payload);
    }

    /// <summary>Converts an 8x8 block to level-shifted Y, Cb, Cr, repeating edge pixels past the image border.</summary>
    private static void LoadBlock(RgbImage image, int left, int top, float[] y, float[] cb, float[] cr)
    {
        for (var row = 0; row < 8; row++)
        {
            var offset = Math.Min(top + row, image.Height - 1) * image.Stride;
            for (var column = 0; column < 8; column++)
            {
                var pixel = offset + (Math.Min(left + column, image.Width - 1) * 3);
                float r = image.Pixels[pixel], g = image.Pixels[pixel + 1], b = image.Pixels[pixel + 2];
                var i = (row * 8) + column;
                y[i] = (0.299f * r) + (0.587f * g) + (0.114f * b) - 128;
                cb[i] = (-0.168736f * r) - (0.331264f * g) + (0.5f * b);
                cr[i] = (0.5f * r) - (0.418688f * g) - (0.081312f * b);
            }
        }
    }

    /// <returns>The block's quantised DC coefficient, the predictor for the next block of this component.</returns>
    private static int EncodeBlock(
        BitWriter bits, float[] block, byte[] quantisation, int previousDc, HuffmanTable dc, HuffmanTable ac)
    {
        var coefficients = Transform(block);
        Span<int> zigzagged = stackalloc int[64];
        for (var i = 0; i < 64; i++)
        {
            zigzagged[i] = (int)MathF.Round(coefficients[ZigZag[i]] / quantisation[ZigZag[i]]);
        }

        var (dcSize, dcBits) = Category(zigzagged[0] - previousDc);
        dc.Write(bits, dcSize);
        bits.Write(dcBits, dcSize);

        var zeros = 0;
        for (var i = 1; i < 64; i++)
        {
            if (zigzagged[i] == 0)
            {
                zeros++;
                continue;
            }

            for (; zeros > 15; zeros -= 16)
            {
                ac.Write(bits, 0xF0);
            }

            var (size, value) = Category(zigzagged[i]);
            ac.Write(bits, (zeros << 4) | size);
            bits.Write(value, size);
            zeros = 0;
        }

        if (zeros > 0)
        {
            ac.Write(bits, 0x00);
        }

        return zigzagged[0];
    }

    /// <summary>Size category and the value's bits as JPEG codes them (negative values in one's complement).</summary>
    private static (int Size, int Bits) Category(int value)
    {
        var magnitude = Math.Abs(value);
        var size = magnitude == 0 ? 0 : 32 - int.LeadingZeroCount(magnitude);
        return (size, value < 0 ? value + (1 << size) - 1 : value);
    }

    /// <summary>The separable 2-D DCT-II of an 8x8 block, in natural (row-major) order.</summary>
    private static float[] Transform(float[] block)
    {
        Span<float> rows = stackalloc float[64];
        for (var y = 0; y < 8; y++)
        {
            for (var u = 0; u < 8; u++)
            {
                var sum = 0f;
                for (var x = 0; x < 8; x++)
                {
                    sum += block[(y * 8) + x] * Cosines[(u * 8) + x];
                }

                rows[(y * 8) + u] = sum;
            }
        }

        var result = new float[64];
        for (var v = 0; v < 8; v++)
        {
            for (var u = 0; u < 8; u++)
            {
                var sum = 0f;
                for (var y = 0; y < 8; y++)
                {
                    sum += rows[(y * 8) + u] * Cosines[(v * 8) + y];
                }

                result[(v * 8) + u] = sum;
            }
        }

        return result;
    }

    /// <summary>C(u)/2 · cos((2x+1)uπ/16), so two passes give the 1/4 · C(u)C(v) normalisation.</summary>
    private static float[] BuildCosines()
    {
        var cosines = new float[64];
        for (var u = 0; u < 8; u++)
        {
            var c = u == 0 ? 1 / Math.Sqrt(2) : 1;
            for (var x = 0; x < 8; x++)
            {
                cosines[(u * 8) + x] = (float)(c / 2 * Math.Cos(((2 * x) + 1) * u * Math.PI / 16));
            }
        }

        return cosines;
    }
}
