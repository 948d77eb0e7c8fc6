using System;

namespace NanoBanana.Api;

/// <summary>Recognises image files by their first bytes; the CDN's URLs and content types are not reliable (JPEG behind .png).</summary>
internal static class ImageFormats
{
    /// <summary>How many leading bytes <see cref="ExtensionOf"/> needs.</summary>
    public const int SignatureLength = 12;

    public static readonly string[] Extensions = [".png", ".jpg", ".webp", ".gif"];

    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>The extension for the bytes, or null when they are no PNG, JPEG, WebP or GIF.</summary>
    public static string? ExtensionOf(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith(Png))
        {
            return ".png";
        }

        if (head.Length >= 3 && head[0] == 0xFF && head[1] == 0xD8 && head[2] == 0xFF)
        {
            return ".jpg";
        }

        if (head.Length >= 12 && Ascii(head, 0, "RIFF") && Ascii(head, 8, "WEBP"))
        {
            return ".webp";
        }

        return head.Length >= 6 && (Ascii(head, 0, "GIF87a") || Ascii(head, 0, "GIF89a")) ? ".gif" : null;
    }

    /// <summary>The media type for the bytes ("image/png"), or null when they are no PNG, JPEG, WebP or GIF.</summary>
    public static string? MediaTypeOf(ReadOnlySpan<byte> head) => ExtensionOf(head) switch
    {
        ".png" => "image/png",
        ".jpg" => "image/jpeg",
        ".webp" => "image/webp",
        ".gif" => "image/gif",
        _ => null,
    };

    private static bool Ascii(ReadOnlySpan<byte> bytes, int offset, string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (bytes[offset + i] != text[i])
            {
                return false;
            }
        }

        return true;
    }
}
