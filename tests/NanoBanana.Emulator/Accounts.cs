using System.Text.Json.Serialization;

namespace NanoBanana.Emulator;

public enum HeartbeatStyle
{
    Json,
    Comment,
}

public enum BusyStyle
{
    [JsonStringEnumMemberName("429")]
    TooManyRequests = 429,

    [JsonStringEnumMemberName("200")]
    SuccessFalse = 200,
}

/// <summary>What to create or change; every unset value keeps its current (or default) value.</summary>
public sealed record AccountSpec
{
    public string? Key { get; init; }
    public int? Credits { get; init; }
    public bool? ApiAccess { get; init; }
    public bool? Pro { get; init; }
    public int? LatencyMs { get; init; }
    public int? HeartbeatMs { get; init; }
    public IReadOnlyList<int>? ProgressSteps { get; init; }
    public bool? StreamEarlyId { get; init; }
    public HeartbeatStyle? HeartbeatStyle { get; init; }
    public int? MaxConcurrentSync { get; init; }
    public BusyStyle? BusyStyle { get; init; }
    public int? MaxAsyncTasks { get; init; }
    public int? ImageWidth { get; init; }
    public int? ImageHeight { get; init; }
    public long? ImageBytes { get; init; }
    public int? JpegEvery { get; init; }

    /// <summary>Every image in this format (jpegEvery is then ignored); webp and gif are small fixed pictures.</summary>
    public ImageFormat? ImageFormat { get; init; }
    public long? ImageTtlSeconds { get; init; }
    public int? ExpiredStatus { get; init; }
}

public sealed record Account
{
    public required string Key { get; init; }
    public int Credits { get; init; }
    public bool ApiAccess { get; init; }
    public bool Pro { get; init; }
    public int LatencyMs { get; init; }
    public int HeartbeatMs { get; init; }
    public required IReadOnlyList<int> ProgressSteps { get; init; }
    public bool StreamEarlyId { get; init; }
    public HeartbeatStyle HeartbeatStyle { get; init; }
    public int MaxConcurrentSync { get; init; }
    public BusyStyle BusyStyle { get; init; }
    public int MaxAsyncTasks { get; init; }
    public int ImageWidth { get; init; }
    public int ImageHeight { get; init; }
    public long ImageBytes { get; init; }
    public int JpegEvery { get; init; }
    public ImageFormat? ImageFormat { get; init; }
    public long ImageTtlSeconds { get; init; }
    public int ExpiredStatus { get; init; }

    internal static Account FromDefaults(string key, EmulatorOptions options) => new()
    {
        Key = key,
        Credits = 100,
        ApiAccess = true,
        Pro = true,
        LatencyMs = options.LatencyMs,
        HeartbeatMs = options.HeartbeatMs,
        ProgressSteps = [50],
        HeartbeatStyle = HeartbeatStyle.Json,
        BusyStyle = BusyStyle.TooManyRequests,
        MaxAsyncTasks = options.MaxAsyncTasks,
        ImageWidth = options.ImageWidth,
        ImageHeight = options.ImageHeight,
        JpegEvery = 3,
        ImageTtlSeconds = (long)TimeSpan.FromDays(15).TotalSeconds,
        ExpiredStatus = StatusCodes.Status404NotFound,
    };

    internal Account With(AccountSpec spec) => Validated(this with
    {
        Credits = spec.Credits ?? Credits,
        ApiAccess = spec.ApiAccess ?? ApiAccess,
        Pro = spec.Pro ?? Pro,
        LatencyMs = spec.LatencyMs ?? LatencyMs,
        HeartbeatMs = spec.HeartbeatMs ?? HeartbeatMs,
        ProgressSteps = spec.ProgressSteps ?? ProgressSteps,
        StreamEarlyId = spec.StreamEarlyId ?? StreamEarlyId,
        HeartbeatStyle = spec.HeartbeatStyle ?? HeartbeatStyle,
        MaxConcurrentSync = spec.MaxConcurrentSync ?? MaxConcurrentSync,
        BusyStyle = spec.BusyStyle ?? BusyStyle,
        MaxAsyncTasks = spec.MaxAsyncTasks ?? MaxAsyncTasks,
        ImageWidth = spec.ImageWidth ?? ImageWidth,
        ImageHeight = spec.ImageHeight ?? ImageHeight,
        ImageBytes = spec.ImageBytes ?? ImageBytes,
        JpegEvery = spec.JpegEvery ?? JpegEvery,
        ImageFormat = spec.ImageFormat ?? ImageFormat,
        ImageTtlSeconds = spec.ImageTtlSeconds ?? ImageTtlSeconds,
        ExpiredStatus = spec.ExpiredStatus ?? ExpiredStatus,
    });

    private static Account Validated(Account account)
    {
        Require(account.Key.StartsWith("nb_", StringComparison.Ordinal), "key must start with nb_");
        Require(account.LatencyMs >= 0 && account.HeartbeatMs > 0, "latencyMs must be >= 0 and heartbeatMs > 0");
        Require(account.ProgressSteps.All(p => p is > 0 and < 100), "progressSteps must lie between 0 and 100");
        Require(account.ImageWidth is > 0 and <= 8192 && account.ImageHeight is > 0 and <= 8192,
            "imageWidth and imageHeight must lie in 1..8192");
        Require(account.ImageBytes is >= 0 and <= 1L << 30, "imageBytes must lie in 0..1 GiB");
        Require(account.JpegEvery >= 0 && account.MaxConcurrentSync >= 0 && account.MaxAsyncTasks >= 0,
            "jpegEvery, maxConcurrentSync and maxAsyncTasks must be >= 0");
        Require(account.ImageTtlSeconds >= 0, "imageTtlSeconds must be >= 0");
        Require(account.ExpiredStatus is 403 or 404 or 410, "expiredStatus must be 403, 404 or 410");
        return account;
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new ArgumentException(message);
        }
    }
}
