using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using Microsoft.PowerShell.Commands;
using NanoBanana.Api;

namespace NanoBanana.Commands;

/// <summary>
/// The images Export-NbGallery shows, from folders (their image files), files, wildcards and piped image infos, each
/// once. A file named on its own that is no image is an error; the rest of a folder or a wildcard's matches that
/// are no images (the page itself, sidecars, hidden temp files) are passed over.
/// </summary>
internal sealed class GalleryInputs(ExportNbGalleryCommand cmdlet)
{
    private readonly HashSet<string> seen = new(StringComparer.Ordinal);

    public List<NbImageInfo> Images { get; } = [];

    /// <summary>The first folder named, or the folder of the first image: where the page goes by default.</summary>
    public string? Folder { get; private set; }

    public void AddPath(string path)
    {
        if (!WildcardPattern.ContainsWildcardCharacters(path))
        {
            AddLiteral(WildcardPattern.Unescape(path));
            return;
        }

        var matches = Resolve(() => cmdlet.GetResolvedProviderPathFromPSPath(path, out var provider)
            .Select(match => FileSystemOnly(match, provider, path)).ToList());
        if (matches is { Count: 0 })
        {
            Refuse($"No file or folder matches '{path}'.", path);
        }

        foreach (var match in matches ?? [])
        {
            AddItem(match, named: false);
        }
    }

    public void AddLiteral(string path, bool named = true)
    {
        var resolved = Resolve(() =>
        {
            var full = cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out var provider, out _);
            return FileSystemOnly(full, provider, path);
        });
        if (resolved is not null && !File.Exists(resolved) && !Directory.Exists(resolved))
        {
            Refuse($"The path '{resolved}' does not exist.", path);
        }
        else if (resolved is not null)
        {
            AddItem(resolved, named);
        }
    }

    public void AddCurrentFolder() => AddItem(cmdlet.SessionState.Path.CurrentFileSystemLocation.ProviderPath, true);

    public void Add(NbImageInfo image)
    {
        if (seen.Add(Path.GetFullPath(image.Path)))
        {
            Folder ??= Path.GetDirectoryName(Path.GetFullPath(image.Path));
            Images.Add(image);
        }
    }

    private void AddItem(string path, bool named)
    {
        if (!Directory.Exists(path))
        {
            AddFile(path, named);
            return;
        }

        Folder ??= path;
        var files = Directory.EnumerateFiles(path)
            .Where(f => !Path.GetFileName(f).StartsWith(".", StringComparison.Ordinal))
            .OrderBy(f => f, StringComparer.Ordinal);
        foreach (var file in files)
        {
            AddFile(file, named: false);
        }
    }

    private void AddFile(string path, bool named)
    {
        if (seen.Contains(path))
        {
            return;
        }

        try
        {
            Add(ImageInfoReader.Read(path));
        }
        catch (Exception e) when (e is NbApiException or IOException or UnauthorizedAccessException)
        {
            var error = e as NbApiException ?? new NbApiException(
                NbErrorKind.InvalidRequest, $"The file '{path}' could not be read: {e.Message}", innerException: e);
            if (named)
            {
                cmdlet.WriteApiError(error, path);
            }
            else
            {
                cmdlet.WriteVerbose($"Passed over '{path}': {error.Message}");
            }
        }
    }

    private T? Resolve<T>(Func<T> resolve)
        where T : class
    {
        try
        {
            return resolve();
        }
        catch (Exception e) when (e is SessionStateException or ProviderInvocationException
            or NotSupportedException or ArgumentException)
        {
            Refuse(e.Message, null);
            return null;
        }
    }

    private static string FileSystemOnly(string resolved, ProviderInfo provider, string given) =>
        provider.ImplementingType == typeof(FileSystemProvider)
            ? resolved
            : throw new NotSupportedException($"'{given}' is not a file-system path.");

    private void Refuse(string message, object? target) =>
        cmdlet.WriteApiError(new NbApiException(NbErrorKind.InvalidRequest, message), target);
}
