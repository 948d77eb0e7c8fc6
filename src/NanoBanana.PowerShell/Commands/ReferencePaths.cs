using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using Microsoft.PowerShell.Commands;
using NanoBanana.Api;

namespace NanoBanana.Commands;

/// <summary>
/// The files -ReferenceImagePath names, through PowerShell's providers: relative to the current location, wildcards
/// expanded (a backtick escapes [ and ]), and paths bound from piped objects taken literally.
/// </summary>
internal static class ReferencePaths
{
    public static List<string> Resolve(PSCmdlet cmdlet, IEnumerable<string> patterns, IEnumerable<string> literalPaths)
    {
        var files = new List<string>();
        try
        {
            foreach (var pattern in patterns)
            {
                files.AddRange(WildcardPattern.ContainsWildcardCharacters(pattern)
                    ? Expand(cmdlet, pattern)
                    : [Literal(cmdlet, WildcardPattern.Unescape(pattern))]);
            }

            foreach (var literal in literalPaths)
            {
                files.Add(Literal(cmdlet, literal));
            }
        }
        catch (Exception e) when (
            e is SessionStateException or ProviderInvocationException or NotSupportedException or ArgumentException)
        {
            throw Refused($"A reference image path could not be resolved: {e.Message}");
        }

        return files;
    }

    private static string Literal(PSCmdlet cmdlet, string path)
    {
        var resolved = cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out var provider, out _);
        return FileSystemOnly(resolved, provider, path);
    }

    private static IEnumerable<string> Expand(PSCmdlet cmdlet, string pattern)
    {
        var matches = cmdlet.GetResolvedProviderPathFromPSPath(pattern, out var provider);
        if (matches.Count == 0)
        {
            throw Refused($"No reference image file matches '{pattern}'.");
        }

        return matches.Select(match => FileSystemOnly(match, provider, pattern));
    }

    private static string FileSystemOnly(string resolved, ProviderInfo provider, string given) =>
        provider.ImplementingType == typeof(FileSystemProvider)
            ? resolved
            : throw Refused($"The reference image '{given}' is not a file-system path.");

    private static NbApiException Refused(string message) =>
        new(NbErrorKind.InvalidRequest, message + " Nothing was sent.");
}
