using System;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;

namespace NanoBanana.Api;

/// <summary>Links from a gallery page to its images: relative, so the folder can be moved, zipped or served.</summary>
internal static class GalleryLinks
{
    private static readonly char[] Separators = [Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar];

    /// <summary>
    /// The URL of <paramref name="file"/> relative to the folder <paramref name="pageFolder"/>, each name
    /// percent-encoded (spaces, #, ?, %, Unicode). A file on another drive gets an absolute file: URL.
    /// </summary>
    public static string RelativeUrl(string pageFolder, string file)
    {
        var from = Path.GetFullPath(pageFolder);
        var to = Path.GetFullPath(file);
        var comparison = RuntimeInformation.IsOSPlatform(OSPlatform.Windows)
            ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        if (!string.Equals(Path.GetPathRoot(from), Path.GetPathRoot(to), comparison))
        {
            return new Uri(to).AbsoluteUri;
        }

        var fromParts = from.Split(Separators, StringSplitOptions.RemoveEmptyEntries);
        var toParts = to.Split(Separators, StringSplitOptions.RemoveEmptyEntries);
        var common = 0;
        while (common < fromParts.Length && common < toParts.Length - 1
            && string.Equals(fromParts[common], toParts[common], comparison))
        {
            common++;
        }

        var up = Enumerable.Repeat("..", fromParts.Length - common);
        var down = toParts.Skip(common).Select(Uri.EscapeDataString);
        return string.Join("/", up.Concat(down));
    }
}
