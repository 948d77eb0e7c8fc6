using System.Text.RegularExpressions;

namespace NanoBanana.Api;

/// <summary>Keeps API keys out of text that reaches the user.</summary>
internal static class Secrets
{
    private static readonly Regex KeyPattern =
        new("nb_[A-Za-z0-9_-]+", RegexOptions.CultureInvariant | RegexOptions.Compiled);

    public const string Mask = "nb_***";

    public static string Redact(string text) => string.IsNullOrEmpty(text) ? text : KeyPattern.Replace(text, Mask);
}
