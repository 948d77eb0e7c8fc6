using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Security;
using NanoBanana.Api;

namespace NanoBanana.Commands;

/// <summary>The history file for Get-NbHistory and Clear-NbHistory, and what they do when it fails them.</summary>
internal static class HistoryFile
{
    /// <summary>The history file; null, after a warning, when NANO_BANANA_HISTORY is off.</summary>
    public static JsonLinesFile? Resolve(PSCmdlet cmdlet)
    {
        try
        {
            if (HistoryLocation.Resolve() is { } path)
            {
                return new JsonLinesFile(path);
            }
        }
        catch (Exception e) when (IsFileFailure(e))
        {
            throw Terminate(cmdlet, e, Environment.GetEnvironmentVariable(HistoryLocation.Variable));
        }

        cmdlet.WriteWarning($"The history is off ({HistoryLocation.Variable}={HistoryLocation.Off}), so there is " +
            "none to read or clear.");
        return null;
    }

    /// <summary>Runs <paramref name="action"/>; a file that cannot be read or written terminates the command.</summary>
    public static void Use(PSCmdlet cmdlet, JsonLinesFile file, Action action)
    {
        try
        {
            action();
        }
        catch (Exception e) when (IsFileFailure(e))
        {
            throw Terminate(cmdlet, e, file.Path);
        }
    }

    /// <summary>A test of text against any of the wildcard patterns, ignoring case; null when none is given.</summary>
    public static Func<string, bool>? Matcher(params string[]? patterns)
    {
        if (patterns is null || patterns.Length == 0)
        {
            return null;
        }

        var compiled = patterns.Select(p => WildcardPattern.Get(p, WildcardOptions.IgnoreCase)).ToArray();
        return text => compiled.Any(p => p.IsMatch(text));
    }

    internal static bool IsFileFailure(Exception e) =>
        e is IOException or UnauthorizedAccessException or SecurityException or NotSupportedException
            or ArgumentException;

    private static PipelineStoppedException Terminate(PSCmdlet cmdlet, Exception e, string? path)
    {
        var message = $"The history '{path}' could not be used: {e.Message} Set {HistoryLocation.Variable} to the " +
            "history file, or check that it is a file you may read and write.";
        cmdlet.ThrowTerminatingError(ErrorRecords.From(
            new NbApiException(NbErrorKind.HistoryUnavailable, message, innerException: e), path));
        return new PipelineStoppedException();
    }
}
