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
    private NbApiClient? client;
    private GenerationBatch? batch;

    /// <summary>
    /// <para type="description">What to generate.</para>
    /// </summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string Prompt { get; set; } = "";

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

    /// <summary>-TimeoutSec is the deadline of one generation.</summary>
    internal override TimeSpan DefaultTimeout => TimeSpan.FromSeconds(300);

    /// <inheritdoc/>
    protected override void BeginProcessing()
    {
        client = CreateClient(new SharedBackoff());
        batch = new GenerationBatch(this, new CostGuard(ReadCatalog(), MaxCredits), ThrottleLimit);
    }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        if (CreateRequest() is not { } request || batch!.Admit(request) is not { } reserved)
        {
            return;
        }

        var streamIdleTimeout = TimeSpan.FromSeconds(StreamIdleTimeoutSec);
        Start(
            ct =>
                client!.GenerateAsync(request, Wait, streamIdleTimeout, p => Post(() => batch.Update(request, p)), ct),
            generation => batch.Finished(request, reserved, generation),
            e => batch.Failed(request, reserved, e),
            e => ApiErrors.OutcomeUnknown($"The generation of \"{request.PromptPreview(60)}\" failed unexpectedly " +
                $"({e.GetType().Name}: {e.Message})", null, inner: e));
        batch.WaitForRoom();
    }

    /// <inheritdoc/>
    protected override void EndProcessing() => batch?.End();

    /// <summary>The catalog for cost estimates: best-effort unless -MaxCredits depends on it.</summary>
    private NbModel[]? ReadCatalog()
    {
        try
        {
            // Without -MaxCredits no retries, so an unreachable service fails fast on the submission instead of twice.
            var reader = MaxCredits is null ? new NbApiClient(
                client!.Endpoint,
                client.Options with { Retry = new RetryPolicy(0) }) : client!;
            return LoadCatalog(reader, refresh: false, load => Run(load));
        }
        catch (NbApiException e)
        {
            WriteVerbose($"The model catalog could not be read, so costs cannot be estimated: {e.Message}");
            return null;
        }
    }

    private GenerationRequest? CreateRequest()
    {
        try
        {
            return GenerationRequest.Create(Prompt, Model, AspectRatio, ReferenceImageUrl ?? [], Mode);
        }
        catch (NbApiException e)
        {
            WriteApiError(e, Prompt);
            return null;
        }
    }
}
