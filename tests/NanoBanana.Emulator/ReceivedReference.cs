using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace NanoBanana.Emulator;

/// <summary>
/// A reference image as the emulator received it: a URL, or a decoded data: URL described by its media type, size and
/// SHA-256 (never its payload), so tests can check what arrived.
/// </summary>
public sealed partial record ReceivedReference(
    string Url, string? MediaType = null, int? Bytes = null, string? Sha256 = null)
{
    private const string DataImagePrefix = "data:image/";
    private const string Base64Marker = ";base64,";

    public bool IsData => MediaType is not null;

    /// <returns>The reference, or the message of a 400 answer naming its position (1-based).</returns>
    public static (ReceivedReference? Reference, string? Error) Parse(string url, int position)
    {
        if (!url.StartsWith(DataImagePrefix, StringComparison.OrdinalIgnoreCase))
        {
            return (new ReceivedReference(url), null);
        }

        var marker = url.IndexOf(Base64Marker, StringComparison.OrdinalIgnoreCase);
        var bytes = new byte[(url.Length - marker - Base64Marker.Length) / 4 * 3 + 3];
        if (!Convert.TryFromBase64Chars(url.AsSpan(marker + Base64Marker.Length), bytes, out var length))
        {
            return (null, $"Reference image {position} is not valid base64");
        }

        var content = bytes.AsSpan(0, length);
        if (!LooksLikeImage(content))
        {
            return (null, $"Reference image {position} is not a PNG, JPEG, WebP or GIF image");
        }

        var mediaType = url[5..marker];
        return (new ReceivedReference(Shorten(mediaType, url.Length - marker - Base64Marker.Length), mediaType, length,
            Convert.ToHexStringLower(SHA256.HashData(content))), null);
    }

    /// <summary>Replaces the payload of every base64 data: URL in a request body with its length, for the log.</summary>
    public static string ShortenDataUrls(string text) => DataUrlPattern().Replace(
        text, m => Shorten(m.Groups["type"].Value, UnescapedLength(m.Groups["payload"].Value)));

    private static string Shorten(string mediaType, int payloadLength) =>
        $"data:{mediaType};base64,<{payloadLength} characters>";

    private static int UnescapedLength(string payload) => payload.Length
        - 5 * Regex.Count(payload, @"\\u002", RegexOptions.CultureInvariant)
        - Regex.Count(payload, @"\\/", RegexOptions.CultureInvariant);

    private static bool LooksLikeImage(ReadOnlySpan<byte> content) =>
        content.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        || content.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF])
        || content.StartsWith("GIF87a"u8) || content.StartsWith("GIF89a"u8)
        || (content.Length >= 12 && content.StartsWith("RIFF"u8) && content[8..12].SequenceEqual("WEBP"u8));

    // In JSON text a base64 payload may carry escaped '+' and '/' (\u002B, \/).
    [GeneratedRegex(
        @"data:(?<type>[\w.+-]+/[\w.+-]+);base64,(?<payload>(?:[A-Za-z0-9+/=]|\\u002[bBfF]|\\/)+)",
        RegexOptions.CultureInvariant)]
    private static partial Regex DataUrlPattern();
}
