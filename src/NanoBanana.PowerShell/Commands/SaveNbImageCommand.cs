using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using System.Management.Automation;
using NanoBanana.Api;

namespace NanoBanana.Commands;

/// <summary>
/// <para type="synopsis">Downloads generated images into a folder.</para>
/// <para type="description">Takes NbGeneration and NbImage objects, or image URLs, from the pipeline and saves each image as &lt;generationId&gt;-&lt;n&gt;.&lt;ext&gt;, the extension taken from the image's bytes. Emits a System.IO.FileInfo per file with GenerationId and SourceUrl note properties. Downloads are atomic: a failed or cancelled download leaves no file behind. The API key is never sent to the image host. Image URLs expire 15 days after the generation.</para>
/// </summary>
[Cmdlet(VerbsData.Save, "NbImage", SupportsShouldProcess = true, DefaultParameterSetName = PathSet)]
[OutputType(typeof(FileInfo))]
public sealed class SaveNbImageCommand : NbServiceCmdlet
{
    private const string PathSet = "Path";
    private const string LiteralPathSet = "LiteralPath";
    private const int ActivityId = 7303;
    private readonly Dictionary<int, (string Stem, long Bytes, long? Total)> inFlight = [];
    private string directory = "";
    private ImageDownloader? downloader;
    private ProgressBar? progress;
    private int started;
    private int saved;

    /// <summary>
    /// <para type="description">What to save: NbGeneration objects (all their images), NbImage objects, or image URLs as strings or Uris.</para>
    /// </summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [ValidateNotNull]
    public object[] InputObject { get; set; } = [];

    /// <summary>
    /// <para type="description">The folder to save into; created if missing. Default: the current location. Wildcards resolve to one existing folder.</para>
    /// </summary>
    [Parameter(Position = 1, ParameterSetName = PathSet)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

    /// <summary>
    /// <para type="description">The folder to save into, taken exactly as written (no wildcards, so [ and ] are plain characters).</para>
    /// </summary>
    [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string? LiteralPath { get; set; }

    /// <summary>
    /// <para type="description">Overwrites files that exist. Without it an existing file is left alone and reported as an NbFileExists error.</para>
    /// </summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>
    /// <para type="description">How long one download may take, in seconds. Default 100.</para>
    /// </summary>
    [Parameter]
    [ValidateRange(1, 86400)]
    public int TimeoutSec { get; set; } = (int)RequestOptions.DefaultTimeout.TotalSeconds;

    /// <summary>
    /// <para type="description">How many images may download at once. Default 4.</para>
    /// </summary>
    [Parameter]
    [ValidateRange(1, 64)]
    public int ThrottleLimit { get; set; } = 4;

    internal override TimeSpan RequestTimeout => TimeSpan.FromSeconds(TimeoutSec);

    /// <inheritdoc/>
    protected override void BeginProcessing()
    {
        directory = ResolveDirectory();
        downloader = new ImageDownloader(Session.Proxy, CreateRequestOptions() with { Backoff = new SharedBackoff() });
        progress = new ProgressBar(this, ActivityId, "Saving images");
    }

    /// <inheritdoc/>
    protected override void EndProcessing()
    {
        WaitForRunning(0, _ => ShowProgress());
        progress?.Complete();
    }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        foreach (var input in InputObject)
        {
            foreach (var image in ImagesOf(input))
            {
                Save(image);
            }
        }
    }

    private void Save(ImageSource image)
    {
        var stem = image.GenerationId is { Length: > 0 } id ? FileNames.ForGeneration(id, image.Index) : FileNames.ForUrl(image.Url);
        if (Directory.Exists(directory) && ImageDownloader.FindExisting(directory, stem) is { } existing && !Force)
        {
            WriteApiError(new NbApiException(NbErrorKind.FileExists, $"The file '{existing}' already exists. Use -Force to overwrite it."), existing);
            return;
        }

        if (!ShouldProcess(System.IO.Path.Combine(directory, stem + ".*"), $"Save image from {image.Url}"))
        {
            return;
        }

        try
        {
            Directory.CreateDirectory(directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            ThrowTerminatingError(new ErrorRecord(e, "NbSaveFailed", ErrorCategory.WriteError, directory));
        }

        var download = ++started;
        inFlight[download] = (stem, 0, null);
        Start(ct => DownloadAsync(download, image, stem, ct));
        WaitForRunning(ThrottleLimit, _ => ShowProgress());
    }

    /// <summary>One download, beside the others; it reports to the pipeline thread by posting.</summary>
    private async Task DownloadAsync(int download, ImageSource image, string stem, CancellationToken cancellationToken)
    {
        try
        {
            var file = await downloader!.DownloadAsync(image.Url, directory, stem, Force, image.ExpiresAt, (bytes, total) => Post(() => Update(download, bytes, total)), cancellationToken).ConfigureAwait(false);
            Post(() =>
            {
                inFlight.Remove(download);
                saved++;
                var item = InvokeProvider.Item.Get([file.Path], force: true, literalPath: true)[0];
                item.Properties.Add(new PSNoteProperty("GenerationId", image.GenerationId));
                item.Properties.Add(new PSNoteProperty("SourceUrl", image.Url.AbsoluteUri));
                WriteObject(item);
            });
        }
        catch (NbApiException e)
        {
            Post(() =>
            {
                inFlight.Remove(download);
                WriteApiError(e, image.Url);
            });
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Post(() =>
            {
                inFlight.Remove(download);
                WriteError(new ErrorRecord(e, "NbSaveFailed", ErrorCategory.WriteError, directory));
            });
        }
    }

    private void Update(int download, long bytes, long? total)
    {
        if (inFlight.TryGetValue(download, out var state))
        {
            inFlight[download] = (state.Stem, bytes, total);
        }
    }

    /// <summary>The file's progress when one downloads, the batch's when several do.</summary>
    private void ShowProgress()
    {
        if (inFlight.Count == 1 && started - saved <= 1)
        {
            var (stem, bytes, total) = inFlight.Values.First();
            progress!.Activity = $"Saving {stem}";
            progress.Update(total is { } size ? $"{bytes / 1024:N0} of {size / 1024:N0} KB" : $"{bytes / 1024:N0} KB", total is > 0 ? (int)(100 * bytes / total.Value) : -1);
        }
        else if (inFlight.Count > 0)
        {
            progress!.Activity = $"Saving {started} image(s) to {directory}";
            progress.Update($"{saved} saved, {inFlight.Count} downloading ({inFlight.Values.Sum(v => v.Bytes) / 1024:N0} KB so far)", 100 * saved / Math.Max(1, started));
        }
    }

    /// <summary>The images an input stands for. Deserialized objects (from jobs or remoting) work by their property names.</summary>
    private IEnumerable<ImageSource> ImagesOf(object input)
    {
        var value = input is PSObject wrapped ? wrapped.BaseObject : input;
        switch (value)
        {
            case NbGeneration generation:
                return ImagesOfGeneration(generation.Id, generation.Status.ToString(), generation.Images);
            case NbImage image:
                return [new ImageSource(image.Url, image.GenerationId, image.Index, image.ExpiresAt)];
            case Uri or string:
                return UrlSource(value.ToString()) is { } source ? [source] : [];
            case PSObject other when other.Properties["Images"]?.Value is { } images:
                var list = new List<NbImage>();
                foreach (var item in LanguagePrimitives.GetEnumerable(images) ?? Array.Empty<object>())
                {
                    if (FromProperties(item) is { } adapted)
                    {
                        list.Add(adapted);
                    }
                }

                return ImagesOfGeneration(other.Properties["Id"]?.Value?.ToString() ?? "", other.Properties["Status"]?.Value?.ToString() ?? "", [.. list]);
            case PSObject other when FromProperties(other) is { } adapted:
                return [new ImageSource(adapted.Url, adapted.GenerationId, adapted.Index, adapted.ExpiresAt)];
            default:
                WriteApiError(new NbApiException(NbErrorKind.InvalidRequest, $"Save-NbImage cannot save a {value?.GetType().Name ?? "null"}: pipe NbGeneration or NbImage objects, or image URLs."), input);
                return [];
        }
    }

    private IEnumerable<ImageSource> ImagesOfGeneration(string id, string status, NbImage[] images)
    {
        if (images.Length == 0)
        {
            if (status == nameof(NbGenerationStatus.Processing))
            {
                WriteError(new ErrorRecord(
                    new InvalidOperationException($"Generation {id} is still processing and has no images yet. Pipe it through Wait-NbGeneration first."),
                    "NbGenerationNotReady",
                    ErrorCategory.ResourceUnavailable,
                    id));
            }
            else
            {
                WriteVerbose($"Generation {id} ({status}) has no images to save.");
            }
        }

        foreach (var image in images)
        {
            yield return new ImageSource(image.Url, image.GenerationId is { Length: > 0 } own ? own : id, image.Index, image.ExpiresAt);
        }
    }

    private ImageSource? UrlSource(string? text)
    {
        if (Uri.TryCreate(text, UriKind.Absolute, out var url) && url.Scheme is "http" or "https")
        {
            return new ImageSource(url, null, 1, null);
        }

        WriteApiError(new NbApiException(NbErrorKind.InvalidRequest, $"'{text}' is not an http(s) image URL."), text);
        return null;
    }

    private static NbImage? FromProperties(object? item)
    {
        var properties = PSObject.AsPSObject(item).Properties;
        return properties["Url"]?.Value?.ToString() is { } text && Uri.TryCreate(text, UriKind.Absolute, out var url)
            ? new NbImage
            {
                Url = url,
                GenerationId = properties["GenerationId"]?.Value?.ToString() ?? "",
                Index = LanguagePrimitives.ConvertTo<int>(properties["Index"]?.Value ?? 1),
                ExpiresAt = properties["ExpiresAt"]?.Value is { } expires ? LanguagePrimitives.ConvertTo<DateTimeOffset>(expires) : null,
            }
            : null;
    }

    private string ResolveDirectory()
    {
        string resolved;
        ProviderInfo provider;
        if (ParameterSetName == LiteralPathSet)
        {
            resolved = SessionState.Path.GetUnresolvedProviderPathFromPSPath(LiteralPath, out provider, out _);
        }
        else if (Path is null)
        {
            var here = SessionState.Path.CurrentFileSystemLocation;
            (resolved, provider) = (here.ProviderPath, here.Provider);
        }
        else if (WildcardPattern.ContainsWildcardCharacters(Path))
        {
            var matches = GetResolvedProviderPathFromPSPath(Path, out provider);
            if (matches.Count != 1)
            {
                ThrowTerminatingError(new ErrorRecord(
                    new ArgumentException($"The path '{Path}' matches {matches.Count} folders; give one folder."),
                    "NbAmbiguousPath",
                    ErrorCategory.InvalidArgument,
                    Path));
            }

            resolved = matches[0];
        }
        else
        {
            resolved = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path, out provider, out _);
        }

        if (provider.ImplementingType != typeof(Microsoft.PowerShell.Commands.FileSystemProvider) || File.Exists(resolved))
        {
            ThrowTerminatingError(new ErrorRecord(
                new ArgumentException($"'{resolved}' is not a file system folder."),
                "NbNotAFolder",
                ErrorCategory.InvalidArgument,
                resolved));
        }

        return resolved;
    }

    private sealed record ImageSource(Uri Url, string? GenerationId, int Index, DateTimeOffset? ExpiresAt);
}
