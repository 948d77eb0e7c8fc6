namespace NanoBanana.Emulator;

public enum RequestOrigin
{
    Api,
    Cdn,

    /// <summary>The forward proxy (<see cref="EmulatorHost.ProxyUrl"/>).</summary>
    Proxy,
}

public enum FaultKind
{
    Status,
    MalformedJson,
    Reset,
    SlowHeaders,
    SlowBody,
    Redirect,
    Outcome,
    Stream,
    Busy,

    /// <summary>The headers and the first <see cref="FaultSpec.AfterBytes"/> bytes of the body (default none), then
    /// silence until the client leaves. The response is the <see cref="FaultSpec.Status"/> fault's when a status is
    /// given, else the endpoint's own.</summary>
    Stall,
}

public enum LineEnding
{
    Lf,
    Crlf,
    Cr,
}

/// <summary>Which requests a fault applies to; unset fields match anything.</summary>
public sealed record FaultMatch
{
    public RequestOrigin Origin { get; init; } = RequestOrigin.Api;
    public string? Method { get; init; }

    /// <summary>API: the path after /api/v1, matched exactly (e.g. /generate). CDN: a path prefix (e.g. /png/).</summary>
    public string? Path { get; init; }

    /// <summary>API: the bearer key. CDN: the key of the account that owns the image.</summary>
    public string? Key { get; init; }

    public GenerationMode? Mode { get; init; }
    public string? PromptContains { get; init; }
}

/// <summary>A fault to inject; see docs/api.md, Faults, for what each <see cref="FaultKind"/> does with the optional fields.</summary>
public sealed record FaultSpec
{
    public FaultMatch Match { get; init; } = new();

    /// <summary>How many matching requests it fires for; 0 = unlimited.</summary>
    public int Times { get; init; } = 1;

    /// <summary>How many matching requests pass untouched before it fires.</summary>
    public int Skip { get; init; }

    public FaultKind Kind { get; init; }

    public int? Status { get; init; }
    public string? Body { get; init; }
    public string? ContentType { get; init; }

    /// <summary>Status faults: the HTTP reason phrase sent instead of the standard one.</summary>
    public string? Reason { get; init; }
    public IReadOnlyDictionary<string, string>? Headers { get; init; }

    /// <summary>POST /generate only: create and charge the generation before answering with the fault.</summary>
    public bool Charge { get; init; }

    public int DelayMs { get; init; }
    public long? AfterBytes { get; init; }
    public int ChunkBytes { get; init; } = 1024;
    public Uri? Location { get; init; }

    public GenerationOutcome? Outcome { get; init; }
    public string? ErrorMessage { get; init; }

    public LineEnding LineEnding { get; init; } = LineEnding.Lf;
    public bool Split { get; init; }
    public bool Coalesce { get; init; }
    public bool Junk { get; init; }
    public int? CutAfterEvents { get; init; }
    public int? StallAfterEvents { get; init; }
    public int StallMs { get; init; }
    public bool NoFinalBlankLine { get; init; }

    internal bool RespondsAfterCharging =>
        Charge && AfterBytes is null && Kind is FaultKind.Status or FaultKind.Reset;
}
