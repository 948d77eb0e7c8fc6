using System;
using System.IO;
using System.Security.Cryptography;
using System.Text;

namespace NanoBanana.Api;

/// <summary>
/// The gallery page's style and script, shipped inside the module (no network use), and the page's Content Security
/// Policy: only this script and style may run, images only from the page's own place, nothing may be fetched.
/// </summary>
internal static class GalleryAssets
{
    public static readonly string Style = Load("NanoBanana.Gallery.css");

    public static readonly string Script = Load("NanoBanana.Gallery.js");

    /// <summary>The policy: the page's own script and style by hash, so markup smuggled into a caption could run nothing.</summary>
    public static readonly string ContentSecurityPolicy =
        $"default-src 'none'; img-src 'self' file:; style-src '{Hash(Style)}'; script-src '{Hash(Script)}'; " +
        "base-uri 'none'; form-action 'none'";

    private static string Load(string name)
    {
        using var stream = typeof(GalleryAssets).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The module's resource {name} is missing.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd().Replace("\r\n", "\n");
    }

    private static string Hash(string text)
    {
        using var sha = SHA256.Create();
        return "sha256-" + Convert.ToBase64String(sha.ComputeHash(Encoding.UTF8.GetBytes(text)));
    }
}
