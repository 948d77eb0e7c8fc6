using System.Security.Cryptography;
using System.Text;

namespace NanoBanana.Emulator.Imaging;

/// <summary>Deterministic pictures: colourful waves whose frequencies and phases come from the prompt's hash,
/// and incompressible noise for download benchmarks.</summary>
internal static class Picture
{
    public static RgbImage FromPrompt(string prompt, int width, int height)
    {
        var seed = SHA256.HashData(Encoding.UTF8.GetBytes(prompt));
        double Parameter(int index, double min, double max) => min + ((max - min) * seed[index] / 255.0);
        var (fx, fy, phaseR) = (Parameter(0, 0.5, 3.5), Parameter(1, 0.5, 3.5), Parameter(2, 0, 2 * Math.PI));
        var (gx, gy, phaseG) = (Parameter(3, 0.5, 3.5), Parameter(4, 0.5, 3.5), Parameter(5, 0, 2 * Math.PI));
        var (centreX, centreY, rings, phaseB) =
            (Parameter(6, 0.2, 0.8), Parameter(7, 0.2, 0.8), Parameter(8, 1, 6), Parameter(9, 0, 2 * Math.PI));

        var pixels = new byte[width * height * 3];
        for (var y = 0; y < height; y++)
        {
            var v = (double)y / height;
            for (var x = 0; x < width; x++)
            {
                var u = (double)x / width;
                var i = ((y * width) + x) * 3;
                pixels[i] = Wave((fx * u) + (fy * v), phaseR);
                pixels[i + 1] = Wave((gx * u) - (gy * v), phaseG);
                pixels[i + 2] = Wave(rings * Math.Sqrt(((u - centreX) * (u - centreX)) + ((v - centreY) * (v - centreY))), phaseB);
            }
        }

        return new RgbImage(width, height, pixels);
    }

    /// <summary>Random pixels with enough rows that the stored PNG is about <paramref name="bytes"/> long.</summary>
    public static RgbImage Noise(long bytes, int width)
    {
        var height = (int)Math.Max(1, bytes / ((width * 3) + 1));
        var pixels = new byte[(long)width * height * 3];
        new Random(width).NextBytes(pixels);
        return new RgbImage(width, height, pixels);
    }

    private static byte Wave(double cycles, double phase) =>
        (byte)(127.5 + (127.5 * Math.Sin((2 * Math.PI * cycles) + phase)));
}
