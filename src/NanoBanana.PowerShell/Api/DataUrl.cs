using System;

namespace NanoBanana.Api;

/// <summary>data: URLs (RFC 2397) as reference images: described by type and size, never by their content.</summary>
internal static class DataUrl
{
    public static bool IsDataUrl(string url) => url.StartsWith("data:", StringComparison.OrdinalIgnoreCase);

    /// <summary>"data:image/png (12345 bytes)": the media type and the decoded size.</summary>
    public static string Describe(string url)
    {
        var comma = url.IndexOf(',');
        var header = comma < 0 ? url.Substring(5) : url.Substring(5, comma - 5);
        var semicolon = header.IndexOf(';');
        var mediaType = semicolon < 0 ? header : header.Substring(0, semicolon);
        var isBase64 = header.EndsWith(";base64", StringComparison.OrdinalIgnoreCase);
        var bytes = comma < 0 ? 0 : isBase64 ? DecodedLength(url, comma + 1) : url.Length - comma - 1;
        return $"data:{(mediaType.Length == 0 ? "text/plain" : mediaType)} ({bytes} bytes)";
    }

    private static long DecodedLength(string url, int start)
    {
        long significant = 0;
        for (var i = start; i < url.Length; i++)
        {
            if (!char.IsWhiteSpace(url[i]) && url[i] != '=')
            {
                significant++;
            }
        }

        return significant * 3 / 4;
    }
}
