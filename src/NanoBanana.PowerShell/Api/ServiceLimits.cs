using System.Globalization;

namespace NanoBanana.Api;

/// <summary>
/// What the service takes in one POST /generate, checked before anything is sent. The help of New-NbImage, README.md
/// and about_NanoBanana state the same numbers.
/// </summary>
internal static class ServiceLimits
{
    public const int MaxReferenceImages = 14;

    /// <summary>The largest request body; past it the service answers 413.</summary>
    public const long MaxRequestBytes = 10 * 1024 * 1024;

    /// <summary>"7.5 MB", "812 KB", "90 bytes".</summary>
    public static string Size(long bytes) => bytes switch
    {
        >= 1024 * 1024 => (bytes / (1024.0 * 1024)).ToString("0.#", CultureInfo.InvariantCulture) + " MB",
        >= 1024 => (bytes / 1024.0).ToString("0.#", CultureInfo.InvariantCulture) + " KB",
        _ => bytes.ToString(CultureInfo.InvariantCulture) + " bytes",
    };
}
