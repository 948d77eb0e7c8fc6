using System;
using System.Diagnostics;
using System.Linq;
using System.Management.Automation;
using NanoBanana.Api;

namespace NanoBanana.Commands;

/// <summary>New-NbImage's bar: the generation's own progress when they run one at a time, the batch's when several run at once.</summary>
internal sealed class GenerationBatchProgress
    : BatchProgress<GenerationRequest, (Stopwatch Clock, StreamProgress Latest)>
{
    private const int ActivityId = 7301;
    private readonly int throttleLimit;
    private readonly CostGuard costs;

    public GenerationBatchProgress(Cmdlet cmdlet, int throttleLimit, CostGuard costs)
        : base(cmdlet, ActivityId, "Generating images")
    {
        this.throttleLimit = throttleLimit;
        this.costs = costs;
    }

    public void Begin(GenerationRequest request) =>
        Begin(request, (Stopwatch.StartNew(), new StreamProgress(0, "Waiting for the service", null)));

    public void Update(GenerationRequest request, StreamProgress latest) =>
        Update(request, state => (state.Clock, latest));

    /// <inheritdoc/>
    protected override (string Activity, string Status, int Percent) Describe()
    {
        if (throttleLimit == 1 && Running == 1)
        {
            var only = InFlight.First();
            var (clock, latest) = only.Value;
            return (
                $"Generating \"{only.Key.PromptPreview(30)}\"",
                $"{latest.Message} ({clock.Elapsed.TotalSeconds:0} s)",
                only.Key.Mode == GenerationMode.Stream ? latest.Percent : -1);
        }

        return (
            $"Generating {Started} image(s), {throttleLimit} at a time",
            $"{Finished} of {Started} finished, {Running} running, {costs.Spent} credits spent",
            100 * Finished / Math.Max(1, Started));
    }
}
