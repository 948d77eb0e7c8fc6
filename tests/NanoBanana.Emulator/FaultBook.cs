namespace NanoBanana.Emulator;

/// <summary>What a fault can match on. <see cref="Path"/> is relative to /api/v1 for the API origin.</summary>
internal sealed record RequestFacts(
    RequestOrigin Origin, string Method, string Path, string? Key, GenerationMode? Mode, string? Prompt);

/// <summary>The armed faults, checked and consumed in arming order.</summary>
internal sealed class FaultBook
{
    private readonly Lock gate = new();
    private readonly List<ArmedFault> armed = [];
    private int lastId;

    public string Arm(FaultSpec spec)
    {
        Validate(spec);
        lock (gate)
        {
            var id = $"f{++lastId}";
            armed.Add(new ArmedFault(id, spec));
            return id;
        }
    }

    public bool Disarm(string id)
    {
        lock (gate)
        {
            return armed.RemoveAll(a => a.Id == id) > 0;
        }
    }

    public void Clear()
    {
        lock (gate)
        {
            armed.Clear();
        }
    }

    public FaultSpec? Take(RequestFacts facts)
    {
        lock (gate)
        {
            foreach (var fault in armed.Where(a => Matches(a.Spec.Match, facts)))
            {
                if (fault.SkipsLeft > 0)
                {
                    fault.SkipsLeft--;
                    continue;
                }

                if (fault.Spec.Times > 0 && --fault.TimesLeft == 0)
                {
                    armed.Remove(fault);
                }

                return fault.Spec;
            }

            return null;
        }
    }

    private static bool Matches(FaultMatch match, RequestFacts facts) =>
        match.Origin == facts.Origin
        && (match.Method is null || string.Equals(match.Method, facts.Method, StringComparison.OrdinalIgnoreCase))
        && (match.Path is null || PathMatches(match.Path, facts))
        && (match.Key is null || match.Key == facts.Key)
        && (match.Mode is null || match.Mode == facts.Mode)
        && (match.PromptContains is null || facts.Prompt?.Contains(match.PromptContains, StringComparison.Ordinal) == true);

    private static bool PathMatches(string path, RequestFacts facts) => facts.Origin == RequestOrigin.Api
        ? string.Equals(path, facts.Path, StringComparison.OrdinalIgnoreCase)
        : facts.Path.StartsWith(path, StringComparison.OrdinalIgnoreCase);

    private static void Validate(FaultSpec spec)
    {
        if (spec.Times < 0 || spec.Skip < 0 || spec.DelayMs < 0 || spec.StallMs < 0 || spec.ChunkBytes <= 0
            || spec.AfterBytes < 0 || spec.CutAfterEvents < 0 || spec.StallAfterEvents < 0)
        {
            throw new ArgumentException("times, skip, delays, afterBytes and event counts must be >= 0; chunkBytes > 0");
        }

        if (spec.Match.Origin == RequestOrigin.Proxy)
        {
            throw new ArgumentException("faults match at the api or cdn origin, also for requests that came through the proxy");
        }

        if (spec.Status is < 100 or > 599)
        {
            throw new ArgumentException("status must be an HTTP status code");
        }

        if (spec.Kind == FaultKind.Redirect && (spec.Location is null || spec.Status is not (null or >= 300 and < 400)))
        {
            throw new ArgumentException("a redirect fault needs a location (absolute or relative) and a 3xx status, if any");
        }

        if (spec.Kind == FaultKind.Outcome && spec.Outcome is null)
        {
            throw new ArgumentException("an outcome fault needs an outcome");
        }
    }

    private sealed class ArmedFault(string id, FaultSpec spec)
    {
        public string Id { get; } = id;
        public FaultSpec Spec { get; } = spec;
        public int SkipsLeft { get; set; } = spec.Skip;
        public int TimesLeft { get; set; } = spec.Times;
    }
}
