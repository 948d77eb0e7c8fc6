using System.Collections.Concurrent;
using System.IO.Compression;

namespace NanoBanana.Emulator.Imaging;

/// <summary>Encoded image bytes per generation, rendered on first request and kept in a small cache.</summary>
internal sealed class ImageStore
{
    private const int MaxEntries = 64;

    private readonly ConcurrentDictionary<(ImageSpec Spec, string Prompt), Lazy<byte[]>> cache = new();

    public byte[] Get(Generation generation)
    {
        var spec = generation.Image;
        var key = (spec, spec.NoiseBytes > 0 ? "" : generation.Prompt);
        if (cache.Count >= MaxEntries && !cache.ContainsKey(key))
        {
            cache.Clear();
        }

        return cache.GetOrAdd(key, k => new Lazy<byte[]>(() => Render(k.Spec, k.Prompt))).Value;
    }

    private static byte[] Render(ImageSpec spec, string prompt)
    {
        if (spec.NoiseBytes > 0)
        {
            return PngEncoder.Encode(Picture.Noise(spec.NoiseBytes, spec.Width), CompressionLevel.NoCompression);
        }

        if (spec.Format is ImageFormat.Webp or ImageFormat.Gif)
        {
            return spec.Format == ImageFormat.Webp ? SampleImages.WebP : SampleImages.Gif;
        }

        var picture = Picture.FromPrompt(prompt, spec.Width, spec.Height);
        return spec.Format == ImageFormat.Jpeg
            ? JpegEncoder.Encode(picture)
            : PngEncoder.Encode(picture, CompressionLevel.Fastest);
    }
}
