using System;
using System.IO;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using NanoBanana.Api;

namespace NanoBanana.Commands;

/// <summary>
/// <para type="synopsis">Downloads generated images into a folder.</para>
/// <para type="description">Takes NbGeneration and NbImage objects, or image URLs, from the pipeline and saves each image as &lt;generationId&gt;-&lt;n&gt;.&lt;ext&gt;, the extension taken from the image's bytes. Emits a System.IO.FileInfo per file with GenerationId and SourceUrl note properties. Downloads are atomic: a failed or cancelled download leaves no file behind. The API key is never sent to the image host. Image URLs expire 15 days after the generation. Each file records what made it (prompt, model, generation id, aspect ratio, creation time, credits, reference images, the module's name and version): as XMP embedded in PNG and JPEG files (exiftool and photo tools show the prompt as the description), and in a &lt;file&gt;.json sidecar for WebP and GIF files or a JPEG whose record passes the 64 KB segment limit. The pixels are untouched. -Sidecar writes the sidecar for every file, -NoMetadata records nothing. Get-NbImageInfo reads the record back.</para>
/// </summary>
[Cmdlet(VerbsData.Save, "NbImage", SupportsShouldProcess = true, DefaultParameterSetName = PathSet)]
[OutputType(typeof(FileInfo))]
public sealed class SaveNbImageCommand : NbServiceCmdlet
{
    private const string PathSet = "Path";
    private const string LiteralPathSet = "LiteralPath";
    private string directory = "";
    private ImageDownloader? downloader;
    private DownloadBatchProgress? progress;
    private HistoryRecorder? history;

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
    /// <para type="description">Downloads and replaces images that are already saved. Without it an existing &lt;generationId&gt;-&lt;n&gt; file is that image (files appear only complete), so it is not downloaded again: its FileInfo is emitted as if it had just been saved, and verbose says so. Reruns of a pipeline are therefore free and quiet.</para>
    /// </summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>
    /// <para type="description">How many images may download at once. Default 4.</para>
    /// </summary>
    [Parameter]
    [ValidateRange(1, 64)]
    public int ThrottleLimit { get; set; } = 4;

    /// <summary>
    /// <para type="description">Also writes the record of what made each image to a JSON file beside it (&lt;file&gt;.json), not only for WebP and GIF files. PNG and JPEG files still carry it embedded.</para>
    /// </summary>
    [Parameter]
    public SwitchParameter Sidecar { get; set; }

    /// <summary>
    /// <para type="description">Saves the images exactly as downloaded: no embedded record of the prompt and settings, and no sidecar.</para>
    /// </summary>
    [Parameter]
    public SwitchParameter NoMetadata { get; set; }

    /// <summary>
    /// <para type="description">Records nothing in the history for this command. Without it, where each image of a known generation was saved is recorded, and Get-NbHistory shows it as SavedTo.</para>
    /// </summary>
    [Parameter]
    public SwitchParameter NoHistory { get; set; }

    /// <inheritdoc/>
    protected override void BeginProcessing()
    {
        if (Sidecar && NoMetadata)
        {
            var message = "-Sidecar writes a metadata file and -NoMetadata writes none: give one of them.";
            ThrowTerminatingError(ErrorRecords.From(new NbApiException(NbErrorKind.InvalidRequest, message), null));
        }

        history = new HistoryRecorder(this, NoHistory);
        directory = SaveFolder.Resolve(this, Path, LiteralPath);
        downloader = new ImageDownloader(Session.Proxy, CreateRequestOptions() with { Backoff = new SharedBackoff() });
        progress = new DownloadBatchProgress(this, directory);
    }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        foreach (var input in InputObject)
        {
            foreach (var image in ImageSources.Of(input, this))
            {
                Save(image);
            }
        }
    }

    /// <inheritdoc/>
    protected override void EndProcessing()
    {
        WaitForRunning(0, _ => progress?.Show());
        progress?.Complete();
    }

    private void Save(ImageSource image)
    {
        var stem = image.Stem;
        if (!Force && Directory.Exists(directory) && ImageDownloader.FindExisting(directory, stem) is { } existing)
        {
            WriteVerbose($"'{existing}' is already saved; it is not downloaded again (-Force would).");
            WriteObject(SaveFolder.FileOf(this, image, existing));
            return;
        }

        var target = System.IO.Path.Combine(directory, stem + ".*");
        if (!ShouldProcess(target, $"Save image from {ApiErrors.WithoutQuery(image.Url)}"))
        {
            return;
        }

        SaveFolder.Create(this, directory);
        var download = progress!.Begin(stem);
        Start(
            ct => downloader!.SaveAsync(image, directory, Force, NoMetadata ? null : new SaveMetadata(image.Provenance,
                Sidecar), (bytes, total) => Post(() => progress.Update(download, bytes, total)), ct),
            history!.AfterSave(image, file =>
            {
                progress.End(download);
                WriteObject(SaveFolder.FileOf(this, image, file.Path));
            }),
            e => Failed(download, image, e),
            e => ApiErrors.DownloadCrashed(image.Url, e));
        WaitForRunning(ThrottleLimit, _ => progress.Show());
    }

    private void Failed(int download, ImageSource image, NbApiException e)
    {
        progress!.End(download, finished: false);
        WriteApiError(e, e.Kind == NbErrorKind.SaveFailed ? directory : image.Url);
    }
}
