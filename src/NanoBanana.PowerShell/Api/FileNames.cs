using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace NanoBanana.Api;

/// <summary>
/// Names of saved images. They are made by the module, never taken from a URL as they are, are valid on Windows
/// too, and always resolve inside the target folder.
/// </summary>
internal static class FileNames
{
    public const int MaxStemLength = 100;

    private static readonly Regex Extension = new(@"\.[A-Za-z0-9]{1,5}$", RegexOptions.CultureInvariant);

    private static readonly string[] ReservedWindowsNames =
    [
        "CON", "PRN", "AUX", "NUL",
        "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
        "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
    ];

    /// <summary>The name of image <paramref name="index"/> of a generation, without extension: <c>&lt;generationId&gt;-&lt;n&gt;</c>.</summary>
    public static string ForGeneration(string generationId, int index) =>
        Sanitize($"{generationId}-{index.ToString(System.Globalization.CultureInfo.InvariantCulture)}");

    /// <summary>The name for an image known only by its URL: the URL's last path segment without its extension.</summary>
    public static string ForUrl(Uri url)
    {
        var segment = url.Segments.Length == 0
            ? "" : Uri.UnescapeDataString(url.Segments[url.Segments.Length - 1]).TrimEnd('/');
        return Sanitize(Extension.Replace(segment, ""));
    }

    /// <summary>Replaces what Windows forbids in a file name, defuses dot-only and reserved device names, and bounds the length.</summary>
    public static string Sanitize(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            builder.Append(c < 32 || "<>:\"/\\|?*".IndexOf(c) >= 0 ? '_' : c);
        }

        var name = builder.ToString().Trim().TrimEnd('.');
        if (name.Length > MaxStemLength)
        {
            name = name.Substring(0, MaxStemLength).TrimEnd('.', ' ');
        }

        if (name.Length == 0 || name.All(c => c == '.'))
        {
            return "image";
        }

        var device = name.Split('.')[0];
        var reserved = ReservedWindowsNames.Any(r => string.Equals(r, device, StringComparison.OrdinalIgnoreCase));
        return reserved ? "_" + name : name;
    }

    /// <summary>The full path of <paramref name="fileName"/> in <paramref name="directory"/>; refuses anything that would land elsewhere.</summary>
    public static string PathInside(string directory, string fileName)
    {
        var root = Path.GetFullPath(directory);
        var full = Path.GetFullPath(Path.Combine(root, fileName));
        var separator = Path.DirectorySeparatorChar.ToString();
        var rootWithSeparator = root.EndsWith(separator, StringComparison.Ordinal) ? root : root + separator;
        if (!full.StartsWith(rootWithSeparator, StringComparison.Ordinal) || Path.GetFileName(full) != fileName)
        {
            throw new NbApiException(NbErrorKind.InvalidRequest, $"The file name '{fileName}' would not stay inside " +
                $"'{root}'.");
        }

        return full;
    }
}
