using System.IO;
using System.Management.Automation;
using System.Text;
using NanoBanana.Api;

namespace NanoBanana.Commands;

/// <summary>
/// <para type="synopsis">Writes a gallery page: one self-contained HTML file that shows a folder of images at a glance.</para>
/// <para type="description">Makes one HTML page with a grid of the images, each linked to its full-size file by a relative URL (so the folder can be moved, zipped or served as it is), and captioned with what made it, read from the metadata Save-NbImage embeds: the prompt, model, aspect ratio, date, generation id and credits; an image without that record shows its file name and size. The top of the page gives the number of images, the credits they cost and their date range. In a browser the page adds a filter box that narrows the grid by prompt text and a large view with the whole prompt on a click (Esc closes). The page uses no network at all (no scripts, fonts or styles from elsewhere), prompts are always shown as text, and it reads fine without JavaScript. Only the file headers and the metadata are read, never whole images. The page is written atomically; an existing file is replaced only when this command wrote it, or with -Force.</para>
/// </summary>
[Cmdlet(VerbsData.Export, "NbGallery", SupportsShouldProcess = true, DefaultParameterSetName = PathSet)]
[OutputType(typeof(FileInfo))]
public sealed class ExportNbGalleryCommand : NbCmdlet
{
    private const string PathSet = "Path";
    private const string LiteralPathSet = "LiteralPath";
    private const string InputObjectSet = "InputObject";
    private GalleryInputs? inputs;

    /// <summary>
    /// <para type="description">The images: folders (every image file directly in them), image files, or wildcards. Default: the current location.</para>
    /// </summary>
    [Parameter(Position = 0, ValueFromPipeline = true, ParameterSetName = PathSet)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[]? Path { get; set; }

    /// <summary>
    /// <para type="description">Folders or image files taken exactly as written (no wildcards). Piped files (Get-ChildItem) bind here; piped files that are not images are passed over.</para>
    /// </summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = LiteralPathSet)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string[]? LiteralPath { get; set; }

    /// <summary>
    /// <para type="description">Image infos from Get-NbImageInfo, shown as they are.</para>
    /// </summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = InputObjectSet)]
    [ValidateNotNull]
    public NbImageInfo[]? InputObject { get; set; }

    /// <summary>
    /// <para type="description">The page to write. Default: index.html in the images' folder (the first folder named, or the folder of the first image). Its folder is created if missing.</para>
    /// </summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? OutFile { get; set; }

    /// <summary>
    /// <para type="description">The page's title. Default: the name of the page's folder.</para>
    /// </summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Title { get; set; }

    /// <summary>
    /// <para type="description">Emits the page's FileInfo once it is written.</para>
    /// </summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>
    /// <para type="description">Replaces an existing file that this command did not write. Without it only an earlier gallery page is replaced; any other file is kept and reported as an NbFileExists error.</para>
    /// </summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <inheritdoc/>
    protected override void BeginProcessing() => inputs = new GalleryInputs(this);

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        switch (ParameterSetName)
        {
            case InputObjectSet:
                foreach (var image in InputObject!)
                {
                    inputs!.Add(image);
                }

                break;
            case LiteralPathSet:
                foreach (var path in LiteralPath!)
                {
                    inputs!.AddLiteral(path, named: !MyInvocation.ExpectingInput);
                }

                break;
            default:
                foreach (var path in Path ?? [])
                {
                    inputs!.AddPath(path);
                }

                if (Path is null)
                {
                    inputs!.AddCurrentFolder();
                }

                break;
        }
    }

    /// <inheritdoc/>
    protected override void EndProcessing()
    {
        var page = GalleryFile.Target(this, OutFile, inputs!.Folder);
        if (page is null || !GalleryFile.MayWrite(this, page, Force))
        {
            return;
        }

        if (!ShouldProcess(page, $"Write a gallery page of {inputs.Images.Count} images"))
        {
            return;
        }

        var folder = System.IO.Path.GetDirectoryName(page)!;
        SaveFolder.Create(this, folder);
        var title = Title ?? new DirectoryInfo(folder).Name;
        try
        {
            AtomicFile.Write(page, overwrite: true, stream =>
            {
                using var writer = new StreamWriter(stream, new UTF8Encoding(false), 65536, leaveOpen: true);
                GalleryPage.Write(writer, title, inputs.Images, folder);
            });
        }
        catch (NbApiException e)
        {
            WriteApiError(e, page);
            return;
        }

        if (PassThru)
        {
            WriteObject(InvokeProvider.Item.Get([page], force: true, literalPath: true)[0]);
        }
    }
}
