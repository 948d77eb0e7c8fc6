using System;
using System.IO;
using System.Management.Automation;
using Microsoft.PowerShell.Commands;
using NanoBanana.Api;

namespace NanoBanana.Commands;

/// <summary>
/// Opens New-NbImage's -Journal: a path of the file system, relative to the current location, taken literally; a
/// missing file is an empty journal. A path elsewhere, a folder, or a file that cannot be read terminates the
/// command before anything is sent.
/// </summary>
internal static class JournalFile
{
    public static BatchJournal? Open(PSCmdlet cmdlet, string? path)
    {
        if (path is null)
        {
            return null;
        }

        var resolved = cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out var provider, out _);
        if (provider.ImplementingType != typeof(FileSystemProvider) || Directory.Exists(resolved))
        {
            Terminate(cmdlet, NbErrorKind.InvalidRequest, $"The journal '{path}' is not a file of the file system.");
        }

        try
        {
            return new BatchJournal(resolved);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Terminate(cmdlet, NbErrorKind.SaveFailed, $"The journal '{resolved}' cannot be read: {e.Message}");
            return null;
        }
    }

    private static void Terminate(PSCmdlet cmdlet, NbErrorKind kind, string message) =>
        cmdlet.ThrowTerminatingError(ErrorRecords.From(new NbApiException(kind, message), message));
}
