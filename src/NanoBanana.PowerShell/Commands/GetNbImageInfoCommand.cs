using System;
using System.Collections.ObjectModel;
using System.IO;
using System.Management.Automation;
using Microsoft.PowerShell.Commands;
using NanoBanana.Api;

namespace NanoBanana.Commands;

/// <summary>
/// <para type="synopsis">Reads which prompt, model and generation made an image file.</para>
/// <para type="description">Reads each file's header (format, width, height; never the pixels) and the record Save-NbImage wrote into it (XMP in PNG and JPEG files) or beside it (a &lt;file&gt;.json sidecar for WebP and GIF), and emits a NanoBanana.NbImageInfo: Path, Format, Width, Height, Length, Prompt, Model, GenerationId, AspectRatio, CreatedAt, CreditsUsed, ReferenceImages, CreatedBy. A file without that record still gives Format, Width and Height. A file that is not a PNG, JPEG, WebP or GIF image, or is missing, is an NbInvalidRequest error and the other files go on. Folders, and the .json sidecars of images, are skipped. The objects bind into New-NbImage by property name (Prompt, Model, AspectRatio) to make a new take with the same settings, and into Get-NbGeneration by GenerationId.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "NbImageInfo", DefaultParameterSetName = PathSet)]
[OutputType(typeof(NbImageInfo))]
public sealed class GetNbImageInfoCommand : NbCmdlet
{
    private const string PathSet = "Path";
    private const string LiteralPathSet = "LiteralPath";

    /// <summary>
    /// <para type="description">Image files to read, relative to the current location; wildcards expand (a backtick escapes [ and ]).</para>
    /// </summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = PathSet)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = [];

    /// <summary>
    /// <para type="description">Image files to read, taken exactly as written (no wildcards). Files piped from Get-ChildItem or Get-Item bind here by their PSPath.</para>
    /// </summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = LiteralPathSet)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = [];

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        var literal = ParameterSetName == LiteralPathSet;
        foreach (var given in literal ? LiteralPath : Path)
        {
            foreach (var file in Resolve(given, literal))
            {
                Read(file);
            }
        }
    }

    private Collection<string> Resolve(string given, bool literal)
    {
        try
        {
            ProviderInfo provider;
            var files = literal || !WildcardPattern.ContainsWildcardCharacters(given)
                ? [SessionState.Path.GetUnresolvedProviderPathFromPSPath(
                    literal ? given : WildcardPattern.Unescape(given), out provider, out _)]
                : GetResolvedProviderPathFromPSPath(given, out provider);
            if (provider.ImplementingType != typeof(FileSystemProvider))
            {
                throw new NotSupportedException($"'{given}' is not a file-system path.");
            }

            if (files.Count == 0)
            {
                throw new ItemNotFoundException($"No file matches '{given}'.");
            }

            return files;
        }
        catch (Exception e) when (
            e is SessionStateException or ProviderInvocationException or NotSupportedException or ArgumentException)
        {
            WriteApiError(new NbApiException(NbErrorKind.InvalidRequest, e.Message, innerException: e), given);
            return [];
        }
    }

    private void Read(string file)
    {
        if (Directory.Exists(file) || IsSidecar(file))
        {
            WriteVerbose($"Skipped '{file}': it is a folder or the metadata sidecar of an image.");
            return;
        }

        if (!File.Exists(file))
        {
            WriteApiError(new NbApiException(NbErrorKind.InvalidRequest, $"The file '{file}' does not exist."), file);
            return;
        }

        try
        {
            WriteObject(ImageInfoReader.Read(file));
        }
        catch (NbApiException e)
        {
            WriteApiError(e, file);
        }
    }

    private static bool IsSidecar(string file) =>
        file.EndsWith(".json", StringComparison.OrdinalIgnoreCase) && File.Exists(file.Substring(0, file.Length - 5));
}
