using System;
using System.Management.Automation;
using NanoBanana.Api;

namespace NanoBanana.Commands;

/// <summary>
/// <para type="synopsis">Generates an image from a prompt.</para>
/// <para type="description">Submits each prompt to POST /generate and emits a NanoBanana.NbGeneration. Every generation costs credits, charged when it is submitted: the model's cost (Get-NbModel) plus one credit per reference image beyond the first; -WhatIf shows the cost and sends nothing, -MaxCredits caps what a batch may spend. Sync mode (the default) waits for the image; Stream mode shows the service's progress events; Async mode returns at once with Status Processing (add -Wait to poll it to the end). Prompts come from the pipeline, also as objects with Prompt, Model and AspectRatio properties such as the rows of Import-Csv.</para>
/// </summary>
[Cmdlet(VerbsCommon.New, "NbImage", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(NbGeneration))]
public sealed class NewNbImageCommand : NbApiCmdlet
{
    private GenerationRunner? runner;
    private NewImageInput? input;

    /// <summary>
    /// <para type="description">What to generate. From the pipeline New-NbImage takes strings (one generation each, also the lines of Get-Content) and objects with a Prompt property, such as the rows of Import-Csv (their Model, AspectRatio, ReferenceImageUrl and ReferenceImagePath properties bind too). With -Prompt given it takes image files instead, such as Get-ChildItem's, as reference images: one generation per file. Anything else that is piped (a hashtable, a process, a number, $null, a file without -Prompt) is refused with an NbInvalidRequest error naming its type, before anything is sent, and the batch goes on.</para>
    /// </summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [AllowNull]
    [AllowEmptyString]
    public string? Prompt { get; set; }

    /// <summary>
    /// <para type="description">The model (see Get-NbModel; Tab completes the names). Without it the service uses its default model, gemini-2.5-flash-image.</para>
    /// </summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(ModelCompleter))]
    public string? Model { get; set; }

    /// <summary>
    /// <para type="description">Reference images for image-to-image: http(s) URLs the service can reach, or data:image/...;base64 URLs. Each image beyond the first adds a credit.</para>
    /// </summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("ReferenceImageUrls")]
    public Uri[]? ReferenceImageUrl { get; set; }

    /// <summary>
    /// <para type="description">Local image files to edit or combine: PNG, JPEG, WebP or GIF, judged by their bytes, sent inline as data: URLs. Paths are relative to the current location and may contain wildcards (escape [ and ] with a backtick); piped files (Get-ChildItem) bind by their FullName, taken literally. At most 14 reference images per request (files and URLs together), and at most 10 MB per request: base64 makes files a third larger, so about 7.5 MB of images fit. A missing file, a file that is not an image, or too many or too large images are refused with NbInvalidRequest before anything is sent. Each image beyond the first adds a credit.</para>
    /// </summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("FullName")]
    [SupportsWildcards]
    public string[]? ReferenceImagePath { get; set; }

    /// <summary>
    /// <para type="description">Receives whatever is piped, so that what cannot be a prompt is refused with a clear error instead of being turned into text. Pipe prompts or files; do not use it directly.</para>
    /// </summary>
    [Parameter(ValueFromPipeline = true, DontShow = true)]
    [AllowNull]
    public PSObject? InputObject { get; set; }

    /// <summary>
    /// <para type="description">The aspect ratio, such as 1:1, 16:9 or 9:16 (Tab offers the known ones; others are passed on). Without it the service's default.</para>
    /// </summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(AspectRatioCompleter))]
    public string? AspectRatio { get; set; }

    /// <summary>
    /// <para type="description">Sync (default): one request that returns with the image. Stream: the service's progress events while it works. Async: returns at once with Status Processing; poll with Wait-NbGeneration or add -Wait.</para>
    /// </summary>
    [Parameter]
    public GenerationMode Mode { get; set; } = GenerationMode.Sync;

    /// <summary>
    /// <para type="description">With -Mode Async, polls the generation until it completes or fails.</para>
    /// </summary>
    [Parameter]
    public SwitchParameter Wait { get; set; }

    /// <summary>
    /// <para type="description">The most credits this command may spend. Before each submission it adds what the batch has been charged (as the service reported it) to the cost of the next generation, and stops the batch with an NbCreditLimitReached error, naming the total so far, if that would pass the limit.</para>
    /// </summary>
    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public int? MaxCredits { get; set; }

    /// <summary>
    /// <para type="description">With -Mode Stream: how long the event stream may stay silent, in seconds, before the module stops listening and follows the generation by polling its id (it is never submitted again). The service sends a heartbeat every 15 s. Default 45.</para>
    /// </summary>
    [Parameter]
    [ValidateRange(1, 3600)]
    public int StreamIdleTimeoutSec { get; set; } = (int)NbApiClient.DefaultStreamIdleTimeout.TotalSeconds;

    /// <summary>
    /// <para type="description">How many generations may run at once; default 1, since the service may allow a single sync job per account. Results come out as they finish, so their order may differ from the input's. When the service answers "busy", the whole batch pauses together.</para>
    /// </summary>
    [Parameter]
    [ValidateRange(1, 64)]
    public int ThrottleLimit { get; set; } = 1;

    /// <summary>
    /// <para type="description">Keeps this command's generations out of the history (see Get-NbHistory). NANO_BANANA_HISTORY=off does the same for every command.</para>
    /// </summary>
    [Parameter]
    public SwitchParameter NoHistory { get; set; }

    /// <summary>
    /// <para type="description">How many takes of each prompt: that many generations, each charged, each its own image. Default 1.</para>
    /// </summary>
    [Parameter]
    [ValidateRange(1, 1000)]
    public int Count { get; set; } = 1;

    /// <summary>
    /// <para type="description">A file that makes the batch resumable. Before each submission it records the request (prompt, model, aspect ratio, mode, reference URLs and file names; its fingerprint also covers each file's size and hash, never its content), in the history's format, and which occurrence of it this is in the batch, flushed to disk before the request is sent; then the generation id and outcome. Run the same command with the same journal again, after a crash, Ctrl+C or an error, and what completed is emitted again (read again by id) at no cost, what was submitted is followed by its id, what failed or was never sent is submitted, and what was sent without an answer is reported as NbOutcomeUnknown and not paid for again (see -ResubmitUnknown). With -WhatIf it says which is which. The path is relative to the current location; the file is created if missing. Use -Mode Async for resumable batches: the id comes back at once.</para>
    /// </summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Journal { get; set; }

    /// <summary>
    /// <para type="description">With -Journal, submits again the requests whose submission was sent but never answered (the process died or was stopped meanwhile), although the service may have taken and charged them. Without it they are reported as NbOutcomeUnknown errors naming the prompt.</para>
    /// </summary>
    [Parameter]
    public SwitchParameter ResubmitUnknown { get; set; }

    /// <summary>-TimeoutSec is the deadline of one generation.</summary>
    internal override TimeSpan DefaultTimeout => TimeSpan.FromSeconds(300);

    /// <inheritdoc/>
    protected override void BeginProcessing()
    {
        var client = CreateClient(new SharedBackoff());
        var journal = JournalFile.Open(this, Journal);
        var costs = new CostGuard(ReadCatalogForCosts(client, required: MaxCredits is not null), MaxCredits);
        runner = new GenerationRunner(this, client, costs, journal);
        input = new NewImageInput(this);
    }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        if (input!.CreateRequest() is { } request)
        {
            runner!.Run(request);
        }
    }

    /// <inheritdoc/>
    protected override void EndProcessing() => runner?.End();
}
