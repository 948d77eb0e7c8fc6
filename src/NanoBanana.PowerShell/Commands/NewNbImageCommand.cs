using System;
using System.Linq;
using System.Management.Automation;
using NanoBanana.Api;

namespace NanoBanana.Commands;

/// <summary>
/// <para type="synopsis">Generates an image from a prompt.</para>
/// <para type="description">Submits each prompt to POST /generate and emits a NanoBanana.NbGeneration. Every generation costs credits, charged when it is submitted. Sync mode (the default) waits for the image; Stream mode shows the service's progress events; Async mode returns at once with Status Processing (add -Wait to poll it to the end). Prompts come from the pipeline, also as objects with Prompt, Model and AspectRatio properties such as the rows of Import-Csv.</para>
/// </summary>
[Cmdlet(VerbsCommon.New, "NbImage", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(NbGeneration))]
public sealed class NewNbImageCommand : NbApiCmdlet
{
    private const int ActivityId = 7301;
    private NbApiClient? client;

    /// <summary>
    /// <para type="description">What to generate.</para>
    /// </summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string Prompt { get; set; } = "";

    /// <summary>
    /// <para type="description">The model (see Get-NbModel). Without it the service uses its default model.</para>
    /// </summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? Model { get; set; }

    /// <summary>
    /// <para type="description">Reference images for image-to-image: http(s) URLs the service can reach, or data:image/...;base64 URLs. Each image beyond the first adds a credit.</para>
    /// </summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("ReferenceImageUrls")]
    public Uri[]? ReferenceImageUrl { get; set; }

    /// <summary>
    /// <para type="description">The aspect ratio, such as 1:1, 16:9 or 9:16. Without it the service's default.</para>
    /// </summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
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
    /// <para type="description">How long one generation may take, in seconds, before the command gives up on it. Default 300.</para>
    /// </summary>
    [Parameter]
    [ValidateRange(1, 86400)]
    public int TimeoutSec { get; set; } = 300;

    /// <summary>
    /// <para type="description">With -Mode Stream: how long the event stream may stay silent, in seconds, before the module stops listening and follows the generation by polling its id (it is never submitted again). The service sends a heartbeat every 15 s. Default 45.</para>
    /// </summary>
    [Parameter]
    [ValidateRange(1, 3600)]
    public int StreamIdleTimeoutSec { get; set; } = (int)NbApiClient.DefaultStreamIdleTimeout.TotalSeconds;

    internal override TimeSpan RequestTimeout => TimeSpan.FromSeconds(TimeoutSec);

    /// <inheritdoc/>
    protected override void BeginProcessing() => client = CreateClient();

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        if (CreateRequest() is not { } request || !ShouldProcess(Describe(request), "Generate image"))
        {
            return;
        }

        var progress = new ProgressBar(this, ActivityId, $"Generating \"{Shorten(request.Prompt)}\" ({request.Mode})");
        var latest = new StreamProgress(0, "Waiting for the service", null);
        try
        {
            var generation = Run(
                ct => client!.GenerateAsync(request, Wait, TimeSpan.FromSeconds(StreamIdleTimeoutSec), p => latest = p, ct),
                elapsed => progress.Update($"{latest.Message} ({elapsed.TotalSeconds:0} s)", request.Mode == GenerationMode.Stream ? latest.Percent : -1));
            Report(generation);
        }
        catch (NbApiException e)
        {
            WriteApiError(e, request.Prompt);
        }
        finally
        {
            progress.Complete();
        }
    }

    private GenerationRequest? CreateRequest()
    {
        if (string.IsNullOrWhiteSpace(Prompt))
        {
            WriteApiError(new NbApiException(NbErrorKind.InvalidRequest, "The prompt is blank: the service needs text to generate from."), Prompt);
            return null;
        }

        var references = ReferenceImageUrl ?? [];
        if (references.FirstOrDefault(u => !u.IsAbsoluteUri || u.Scheme is not ("http" or "https" or "data")) is { } bad)
        {
            WriteApiError(new NbApiException(NbErrorKind.InvalidRequest, $"The reference image '{bad}' is not an http(s) URL or a data:image URL. The service fetches reference images itself, so they must be reachable from the internet or inlined as data URLs."), Prompt);
            return null;
        }

        return new GenerationRequest(Prompt)
        {
            Model = string.IsNullOrWhiteSpace(Model) ? null : Model!.Trim(),
            AspectRatio = string.IsNullOrWhiteSpace(AspectRatio) ? null : AspectRatio!.Trim(),
            ReferenceImageUrls = [.. references.Select(u => u.OriginalString)],
            Mode = Mode,
        };
    }

    private void Report(NbGeneration generation)
    {
        Session.Remember(generation.Id);
        switch (generation.Status)
        {
            case NbGenerationStatus.Failed:
                WriteApiError(new NbApiException(NbErrorKind.GenerationFailed, $"Generation {generation.Id} failed: {generation.Message ?? "no reason given"}. Credits are not refunded for failed generations.", generationId: generation.Id), generation);
                return;
            case NbGenerationStatus.Rejected:
                WriteApiError(new NbApiException(NbErrorKind.ContentRejected, $"Generation {generation.Id} was rejected by the service's content-safety check: {generation.Message}. It was charged {generation.CreditsUsed} credit(s) and has no image.", generationId: generation.Id), generation);
                break;
        }

        WriteObject(generation);
    }

    private static string Describe(GenerationRequest request) =>
        $"\"{Shorten(request.Prompt)}\" with {request.Model ?? "the default model"} ({request.Mode} mode)";

    private static string Shorten(string text) => text.Length <= 60 ? text : text.Substring(0, 57) + "...";
}
