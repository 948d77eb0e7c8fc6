namespace NanoBanana.Api;

/// <summary>What -WhatIf found in a batch's journal: requests done, being followed, of unknown outcome, and new.</summary>
internal sealed class JournalTally
{
    private int done;
    private int followed;
    private int unknown;
    private int submitted;

    /// <summary>Counts one request by its step (null: no journal), only under -WhatIf.</summary>
    public void Count(JournalStep? step, bool whatIf)
    {
        if (!whatIf)
        {
            return;
        }

        switch (step)
        {
            case JournalStep.Done:
                done++;
                break;
            case JournalStep.Follow:
                followed++;
                break;
            case JournalStep.Unknown:
                unknown++;
                break;
            default:
                submitted++;
                break;
        }
    }

    /// <summary>The batch's -WhatIf total; <paramref name="credits"/> what the submissions would cost, if known.</summary>
    public string Summary(string path, int? credits) =>
        $"What if: by the journal '{path}', {done} request(s) are done and {followed} being followed, at no cost; " +
        $"{unknown} of unknown outcome would be reported, not submitted; {submitted} would be submitted, costing " +
        (credits is { } total ? $"{total} credits." : "what the model catalog could not tell.");
}
