using System;
using System.IO;
using System.Management.Automation;
using Microsoft.PowerShell.Commands;
using NanoBanana.Api;

namespace NanoBanana.Commands;

/// <summary>Where Export-NbGallery writes its page, and whether it may replace what is there.</summary>
internal static class GalleryFile
{
    public const string DefaultName = "index.html";

    /// <summary>The page's full path, or null (with a warning) when there is neither -OutFile nor any image or folder.</summary>
    public static string? Target(NbCmdlet cmdlet, string? outFile, string? imageFolder)
    {
        if (outFile is not null)
        {
            return Resolve(cmdlet, outFile);
        }

        if (imageFolder is null)
        {
            cmdlet.WriteWarning("No images were given, so no gallery page was written.");
            return null;
        }

        return Path.Combine(imageFolder, DefaultName);
    }

    private static string? Resolve(NbCmdlet cmdlet, string outFile)
    {
        string? why;
        try
        {
            var path = cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(outFile, out var provider, out _);
            if (provider.ImplementingType == typeof(FileSystemProvider))
            {
                return path;
            }

            why = "it is not a file-system path";
        }
        catch (Exception e) when (e is SessionStateException or ProviderInvocationException
            or NotSupportedException or ArgumentException)
        {
            why = e.Message;
        }

        var message = $"The gallery page cannot be written as '{outFile}': {why}.";
        cmdlet.WriteApiError(new NbApiException(NbErrorKind.InvalidRequest, message), outFile);
        return null;
    }

    /// <summary>
    /// Whether the page may be written: a missing file, an earlier gallery page, or anything with -Force. A folder
    /// in the way is NbSaveFailed; any other file is NbFileExists.
    /// </summary>
    public static bool MayWrite(NbCmdlet cmdlet, string page, bool force)
    {
        if (Directory.Exists(page))
        {
            var message = $"The gallery page cannot be written as '{page}': that is a folder. Give a file name.";
            cmdlet.WriteApiError(new NbApiException(NbErrorKind.SaveFailed, message), page);
            return false;
        }

        if (force || !File.Exists(page) || IsGalleryPage(page))
        {
            return true;
        }

        var refused = new NbApiException(NbErrorKind.FileExists, $"The file '{page}' already exists and is not a " +
            "page that Export-NbGallery wrote. Use -Force to replace it, or -OutFile to write elsewhere.");
        cmdlet.WriteApiError(refused, page);
        return false;
    }

    private static bool IsGalleryPage(string page)
    {
        try
        {
            return GalleryPage.IsGalleryPage(page);
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }
}
