using System;
using System.IO;
using System.Management.Automation;
using Microsoft.PowerShell.Commands;
using NanoBanana.Api;

namespace NanoBanana.Commands;

/// <summary>
/// The folder Save-NbImage saves into, from -Path (wildcards resolve to one existing folder), -LiteralPath, or the
/// current location. Anything but a file-system folder terminates the command.
/// </summary>
internal static class SaveFolder
{
    public static string Resolve(PSCmdlet cmdlet, string? path, string? literalPath)
    {
        var paths = cmdlet.SessionState.Path;
        string resolved;
        ProviderInfo provider;
        if (literalPath is not null)
        {
            resolved = paths.GetUnresolvedProviderPathFromPSPath(literalPath, out provider, out _);
        }
        else if (path is null)
        {
            var here = paths.CurrentFileSystemLocation;
            (resolved, provider) = (here.ProviderPath, here.Provider);
        }
        else if (WildcardPattern.ContainsWildcardCharacters(path))
        {
            resolved = ResolveOne(cmdlet, path, out provider);
        }
        else
        {
            resolved = paths.GetUnresolvedProviderPathFromPSPath(path, out provider, out _);
        }

        if (provider.ImplementingType != typeof(FileSystemProvider) || File.Exists(resolved))
        {
            var message = $"'{resolved}' is not a file system folder.";
            cmdlet.ThrowTerminatingError(ErrorRecords.From(
                new NbApiException(NbErrorKind.NotAFolder, message),
                resolved));
        }

        return resolved;
    }

    /// <summary>The one existing folder a wildcard path matches; terminates the command when it matches more or none.</summary>
    private static string ResolveOne(PSCmdlet cmdlet, string path, out ProviderInfo provider)
    {
        var matches = cmdlet.GetResolvedProviderPathFromPSPath(path, out provider);
        if (matches.Count != 1)
        {
            var message = $"The path '{path}' matches {matches.Count} folders; give one folder.";
            var error = new NbApiException(NbErrorKind.AmbiguousPath, message);
            cmdlet.ThrowTerminatingError(ErrorRecords.From(error, path));
        }

        return matches[0];
    }

    /// <summary>Creates the folder if it is missing; terminates the command with NbSaveFailed if it cannot.</summary>
    public static void Create(Cmdlet cmdlet, string directory)
    {
        try
        {
            Directory.CreateDirectory(directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            cmdlet.ThrowTerminatingError(ErrorRecords.From(ApiErrors.SaveFailed(e), directory));
        }
    }

    /// <summary>The saved file as Save-NbImage emits it: its FileInfo with GenerationId and SourceUrl note properties.</summary>
    public static PSObject FileOf(PSCmdlet cmdlet, ImageSource image, string path)
    {
        var item = cmdlet.InvokeProvider.Item.Get([path], force: true, literalPath: true)[0];
        item.Properties.Add(new PSNoteProperty("GenerationId", image.GenerationId));
        item.Properties.Add(new PSNoteProperty("SourceUrl", image.Url.AbsoluteUri));
        return item;
    }
}
