namespace NanoBanana.Emulator;

/// <summary>Waits for a generation to leave "processing"; re-reads it so control-API changes take effect.</summary>
internal static class Settlement
{
    private static readonly TimeSpan RecheckInterval = TimeSpan.FromMilliseconds(250);

    public static async Task<Generation> WaitAsync(EmulatorState state, string id, CancellationToken cancellationToken)
    {
        while (true)
        {
            var generation = state.GetGeneration(id)!;
            var now = DateTimeOffset.UtcNow;
            if (generation.StatusAt(now) != ProcessingStatus.Processing)
            {
                return generation;
            }

            await Task.Delay(UntilNextCheck(generation, now), cancellationToken);
        }
    }

    public static TimeSpan UntilNextCheck(Generation generation, DateTimeOffset now, DateTimeOffset? earlier = null)
    {
        var wake = now + RecheckInterval;
        if (generation.Outcome != GenerationOutcome.Never && generation.DueAt < wake)
        {
            wake = generation.DueAt;
        }

        if (earlier < wake)
        {
            wake = earlier.Value;
        }

        var delay = wake - now;
        return delay > TimeSpan.FromMilliseconds(1) ? delay : TimeSpan.FromMilliseconds(1);
    }
}
