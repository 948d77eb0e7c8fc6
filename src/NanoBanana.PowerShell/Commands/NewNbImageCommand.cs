using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
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
    private const int ActivityId = 7301;
    private readonly SharedBackoff backoff = new();
    private readonly Dictionary<GenerationRequest, (Stopwatch Clock, StreamProgress Latest)> inFlight = [];
    private NbApiClient? client;
    private NbModel[]? catalog;
    private CreditBudget budget = new(null);
    private ProgressBar? progress;
    private ErrorRecord? stoppedBy;
    private int started;
    private int finished;
    private int whatIfCount;
    private int whatIfCredits;

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

    /// <summary>
    /// <para type="description">How many generations may run at once; default 1, since the service may allow a single sync job per account. Results come out as they finish, so their order may differ from the input's. When the service answers "busy", the whole batch pauses together.</para>
    /// </summary>
    [Parameter]
    [ValidateRange(1, 64)]
    public int ThrottleLimit { get; set; } = 1;

    internal override TimeSpan RequestTimeout => TimeSpan.FromSeconds(TimeoutSec);

    /// <inheritdoc/>
    protected override void BeginProcessing()
    {
        client = CreateClient(backoff);
        progress = new ProgressBar(this, ActivityId, "Generating images");
        budget = new CreditBudget(MaxCredits);
        try
        {
            // The estimate is best-effort unless -MaxCredits depends on it: no retries, so an unreachable service
            // fails fast on the submission instead of twice.
            var catalogClient = MaxCredits is null ? new NbApiClient(client.Endpoint, client.Options with { Retry = new RetryPolicy(0) }) : client;
            catalog = LoadCatalog(catalogClient, refresh: false, load => Run(load));
        }
        catch (NbApiException e)
        {
            WriteVerbose($"The model catalog could not be read, so costs cannot be estimated: {e.Message}");
        }
    }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        if (CreateRequest() is not { } request)
        {
            return;
        }

        var estimate = CreditEstimate.For(catalog, request.Model, request.ReferenceImageUrls.Count);
        var action = $"Generate an image of \"{Shorten(request.Prompt, 60)}\" with {request.Model ?? CreditEstimate.DefaultModel} in {request.Mode} mode, costing {estimate.Explanation}.";
        if (!ShouldProcess(action, action, "Spend credits"))
        {
            if (IsWhatIf)
            {
                whatIfCount++;
                whatIfCredits += estimate.Credits ?? 0;
            }

            return;
        }

        var reserved = Reserve(request, estimate);
        inFlight[request] = (Stopwatch.StartNew(), new StreamProgress(0, "Waiting for the service", null));
        started++;
        Start(ct => GenerateAsync(request, reserved, ct));
        WaitForRunning(ThrottleLimit, _ => ShowProgress());
        if (ThrottleLimit == 1)
        {
            progress!.Complete();
        }

        StopIfFatal();
    }

    /// <summary>One generation, beside the others; it reports to the pipeline thread by posting.</summary>
    private async Task GenerateAsync(GenerationRequest request, int reserved, CancellationToken cancellationToken)
    {
        try
        {
            var generation = await client!.GenerateAsync(request, Wait, TimeSpan.FromSeconds(StreamIdleTimeoutSec), p => Post(() => Update(request, p)), cancellationToken).ConfigureAwait(false);
            Post(() =>
            {
                Finished(request, reserved, generation.CreditsUsed ?? reserved);
                Report(generation);
            });
        }
        catch (NbApiException e)
        {
            Post(() =>
            {
                Finished(request, reserved, MayHaveCharged(e.Kind) ? null : 0);
                var record = ErrorRecords.From(e, request.Prompt);
                if (ErrorRecords.IsFatal(e.Kind))
                {
                    stoppedBy ??= record;
                }
                else
                {
                    WriteError(record);
                }
            });
        }
    }

    /// <inheritdoc/>
    protected override void EndProcessing()
    {
        WaitForRunning(0, _ => ShowProgress());
        progress?.Complete();
        StopIfFatal();
        if (whatIfCount > 1 && catalog is not null)
        {
            WriteInformation(new HostInformationMessage { Message = $"What if: {whatIfCount} generations would cost {whatIfCredits} credits in all." }, ["PSHOST"]);
        }
    }

    private bool IsWhatIf =>
        MyInvocation.BoundParameters.TryGetValue("WhatIf", out var whatIf)
            ? whatIf is SwitchParameter { IsPresent: true }
            : LanguagePrimitives.IsTrue(GetVariableValue("WhatIfPreference"));

    /// <summary>Reserves the estimate under -MaxCredits; stops the batch when it would pass the limit.</summary>
    private int Reserve(GenerationRequest request, CreditEstimate estimate)
    {
        if (MaxCredits is { } limit && estimate.Credits is null)
        {
            WaitForRunning(0);
            Stop(new NbApiException(NbErrorKind.CreditLimitReached, $"Stopped before submitting \"{Shorten(request.Prompt, 60)}\": with -MaxCredits the cost must be known, but it is {estimate.Explanation}. The batch spent {budget.Spent} of {limit} credits on {budget.Generations} generation(s)."), request.Prompt);
        }

        var credits = estimate.Credits ?? 0;
        if (!budget.TryReserve(credits))
        {
            // What is still running may have cost less than its estimate.
            WaitForRunning(0);
            if (!budget.TryReserve(credits))
            {
                Stop(new NbApiException(NbErrorKind.CreditLimitReached, $"Stopped before submitting \"{Shorten(request.Prompt, 60)}\": it costs {estimate.Explanation}, and with the {budget.Spent} credits this batch has spent that would pass -MaxCredits {MaxCredits}. The batch spent {budget.Spent} credits on {budget.Generations} generation(s)."), request.Prompt);
            }
        }

        return credits;
    }

    private void Stop(NbApiException exception, object target)
    {
        stoppedBy = ErrorRecords.From(exception, target);
        StopIfFatal();
    }

    private void Update(GenerationRequest request, StreamProgress latest)
    {
        if (inFlight.TryGetValue(request, out var state))
        {
            inFlight[request] = (state.Clock, latest);
        }
    }

    private void Finished(GenerationRequest request, int reserved, int? charged)
    {
        inFlight.Remove(request);
        finished++;
        budget.Settle(reserved, charged);
        Session.AddCreditsUsed(charged ?? reserved);
    }

    /// <summary>After a failure no later generation could escape (key, balance, access), ends the batch once the generations already running have reported.</summary>
    private void StopIfFatal()
    {
        if (stoppedBy is not null)
        {
            WaitForRunning(0);
            progress?.Complete();
            ThrowTerminatingError(stoppedBy);
        }
    }

    /// <summary>One bar: the generation's own progress when they run one at a time, the batch's when several run at once.</summary>
    private void ShowProgress()
    {
        if (ThrottleLimit == 1 && inFlight.Count == 1)
        {
            var only = inFlight.First();
            var (clock, latest) = only.Value;
            progress!.Activity = $"Generating \"{Shorten(only.Key.Prompt, 30)}\"";
            progress.Update($"{latest.Message} ({clock.Elapsed.TotalSeconds:0} s)", only.Key.Mode == GenerationMode.Stream ? latest.Percent : -1);
        }
        else if (inFlight.Count > 0)
        {
            progress!.Activity = $"Generating {started} image(s), {ThrottleLimit} at a time";
            progress.Update($"{finished} of {started} finished, {inFlight.Count} running, {budget.Spent} credits spent", 100 * finished / Math.Max(1, started));
        }
    }

    /// <summary>Whether a failure may have cost credits: the service took the job, or may have.</summary>
    private static bool MayHaveCharged(NbErrorKind kind) =>
        kind is NbErrorKind.OutcomeUnknown or NbErrorKind.GenerationFailed or NbErrorKind.Timeout or NbErrorKind.ProtocolError;

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

    private static string Shorten(string text, int length) => text.Length <= length ? text : text.Substring(0, length - 3) + "...";
}
