using System;
using System.Text.RegularExpressions;

namespace NanoBanana.Commands;

/// <summary>Matching and quoting shared by the argument completers.</summary>
internal static class Completion
{
    private static readonly Regex Bare = new("^[A-Za-z0-9_.:-]+$", RegexOptions.CultureInvariant);

    public static bool Matches(string candidate, string typed) =>
        candidate.StartsWith(typed.Trim('\'', '"'), StringComparison.OrdinalIgnoreCase);

    /// <summary>The text to insert: quoted when PowerShell would read the name otherwise (e.g. the &amp; in nanobanan2&amp;pro).</summary>
    public static string Quote(string name) => Bare.IsMatch(name) ? name : $"'{name.Replace("'", "''")}'";
}
