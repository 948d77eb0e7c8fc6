namespace NanoBanana.Emulator;

public enum GenerationMode
{
    Sync,
    Stream,
    Async,
}

public enum GenerationOutcome
{
    Completed,
    Failed,
    Rejected,
    Never,
}

public enum ProcessingStatus
{
    Processing,
    Completed,
    Failed,
}

public enum ImageFormat
{
    Png,
    Jpeg,
    Webp,
    Gif,
}

/// <summary>The picture a completed generation serves; <see cref="NoiseBytes"/> &gt; 0 asks for an incompressible PNG of about that size.</summary>
public sealed record ImageSpec(ImageFormat Format, int Width, int Height, long NoiseBytes);

/// <summary>A generation record. Its status is derived from the clock: processing until <see cref="DueAt"/>, then its outcome.</summary>
public sealed record Generation
{
    public const string DefaultErrorMessage = "Generation failed due to server error";

    public required string Id { get; init; }
    public required string Key { get; init; }
    public required string Prompt { get; init; }
    public required string ModelUsed { get; init; }
    public GenerationMode Mode { get; init; }
    public int CreditsUsed { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public int LatencyMs { get; init; }
    public GenerationOutcome Outcome { get; init; }
    public string? ErrorMessage { get; init; }
    public required IReadOnlyList<string> ImageUrls { get; init; }

    /// <summary>The reference images received, data: URLs decoded and described (control API only).</summary>
    public IReadOnlyList<ReceivedReference> References { get; init; } = [];
    public required ImageSpec Image { get; init; }

    public DateTimeOffset DueAt => CreatedAt.AddMilliseconds(LatencyMs);

    public ProcessingStatus Status => StatusAt(DateTimeOffset.UtcNow);

    public ProcessingStatus StatusAt(DateTimeOffset now) => Outcome switch
    {
        GenerationOutcome.Never => ProcessingStatus.Processing,
        _ when now < DueAt => ProcessingStatus.Processing,
        GenerationOutcome.Completed => ProcessingStatus.Completed,
        _ => ProcessingStatus.Failed,
    };
}

/// <summary>Control-API changes to a generation, e.g. back-dating it so its image URL has expired.</summary>
public sealed record GenerationChanges
{
    public DateTimeOffset? CreatedAt { get; init; }
    public GenerationOutcome? Outcome { get; init; }
    public string? ErrorMessage { get; init; }
}
