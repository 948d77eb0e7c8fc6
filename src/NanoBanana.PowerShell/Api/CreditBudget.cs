namespace NanoBanana.Api;

/// <summary>
/// Keeps a batch under -MaxCredits: a generation may start only if what the batch has spent, plus what is in
/// flight, plus its own estimate stays within the limit. Spending is what the service reported; where it could not
/// say (outcome unknown) the estimate is counted, so the limit errs on the side of the user's money. Thread-safe.
/// </summary>
internal sealed class CreditBudget
{
    private readonly object gate = new();
    private int reserved;

    public CreditBudget(int? limit) => Limit = limit;

    public int? Limit { get; }

    public int Spent { get; private set; }

    public int Generations { get; private set; }

    /// <summary>Reserves the estimate of one generation; false when it would pass the limit.</summary>
    public bool TryReserve(int estimate)
    {
        lock (gate)
        {
            if (Limit is { } limit && Spent + reserved + estimate > limit)
            {
                return false;
            }

            reserved += estimate;
            return true;
        }
    }

    /// <summary>Replaces a reservation with what was charged: the service's figure, or the estimate when unknown.</summary>
    public void Settle(int estimate, int? charged)
    {
        lock (gate)
        {
            reserved -= estimate;
            Spent += charged ?? estimate;
            if (charged is null or > 0)
            {
                Generations++;
            }
        }
    }
}
