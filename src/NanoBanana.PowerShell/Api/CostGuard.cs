using System;

namespace NanoBanana.Api;

/// <summary>
/// What a batch of generations costs: each generation's estimate from the model catalog, the -MaxCredits limit
/// (an estimate is reserved before its submission and settled with what the service charged), and the -WhatIf
/// total. Reserving and settling are thread-safe; counting -WhatIf is for the pipeline thread.
/// </summary>
internal sealed class CostGuard
{
    private readonly NbModel[]? catalog;
    private readonly CreditBudget budget;
    private int whatIfCount;
    private int whatIfCredits;

    public CostGuard(NbModel[]? catalog, int? maxCredits)
    {
        this.catalog = catalog;
        budget = new CreditBudget(maxCredits);
    }

    /// <summary>Credits the batch has been charged so far.</summary>
    public int Spent => budget.Spent;

    /// <summary>The -WhatIf total of a batch of several generations, when the costs are known.</summary>
    public string? WhatIfSummary =>
        whatIfCount > 1 && catalog is not null
            ? $"What if: {whatIfCount} generations would cost {whatIfCredits} credits in all."
            : null;

    /// <summary>What the generations -WhatIf counted would cost; null when the catalog is unknown.</summary>
    public int? WhatIfCredits => catalog is null ? null : whatIfCredits;

    public CreditEstimate Estimate(GenerationRequest request) =>
        CreditEstimate.For(catalog, request.Model, request.ReferenceImages.Count);

    /// <summary>Counts a generation -WhatIf did not submit.</summary>
    public void CountWhatIf(CreditEstimate estimate)
    {
        whatIfCount++;
        whatIfCredits += estimate.Credits ?? 0;
    }

    /// <summary>
    /// Reserves the estimate of the next generation and returns it. When the limit is in the way,
    /// <paramref name="finishRunning"/> lets the generations still running report first (they may have cost less
    /// than their estimates); if it still is, throws an NbCreditLimitReached error.
    /// </summary>
    public int Reserve(GenerationRequest request, CreditEstimate estimate, Action finishRunning)
    {
        if (budget.Limit is { } limit && estimate.Credits is null)
        {
            finishRunning();
            throw LimitReached(
                request,
                $"with -MaxCredits the cost must be known, but it is {estimate.Explanation}. The batch spent " +
                $"{budget.Spent} of {limit} credits");
        }

        var credits = estimate.Credits ?? 0;
        if (!budget.TryReserve(credits))
        {
            finishRunning();
            if (!budget.TryReserve(credits))
            {
                throw LimitReached(
                    request,
                    $"it costs {estimate.Explanation}, and with the {budget.Spent} credits this batch has spent that " +
                    $"would pass -MaxCredits {budget.Limit}. The batch spent {budget.Spent} credits");
            }
        }

        return credits;
    }

    /// <summary>Replaces a reservation with what was charged, and returns the credits to count as used.</summary>
    /// <param name="charged">What the service charged; null when it may have charged but could not say.</param>
    public int Settle(int reserved, int? charged)
    {
        budget.Settle(reserved, charged);
        return charged ?? reserved;
    }

    /// <summary>
    /// What a failed generation was charged: nothing, or unknown when the service took the job or may have, which
    /// it did whenever it named the generation (whatever failed afterwards, e.g. a poll).
    /// </summary>
    public static int? ChargedFor(NbApiException failure) =>
        failure.GenerationId is not null
        || failure.Kind is NbErrorKind.OutcomeUnknown or NbErrorKind.GenerationFailed
            or NbErrorKind.Timeout or NbErrorKind.ProtocolError
            ? null
            : 0;

    private NbApiException LimitReached(GenerationRequest request, string why) =>
        new(
            NbErrorKind.CreditLimitReached,
            $"Stopped before submitting \"{request.PromptPreview(60)}\": {why} on {budget.Generations} generation(s).");
}
