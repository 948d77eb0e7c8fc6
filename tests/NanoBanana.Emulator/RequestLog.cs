namespace NanoBanana.Emulator;

public sealed class LoggedRequest
{
    private int status;

    public long Seq { get; internal set; }
    public DateTimeOffset Time { get; init; }
    public RequestOrigin Origin { get; init; }
    public required string Method { get; init; }
    public required string Path { get; init; }
    public required string Query { get; init; }
    public required IReadOnlyDictionary<string, string> Headers { get; init; }
    public string? Body { get; init; }
    public string? Key { get; init; }

    /// <summary>CDN only: the key of the account whose image was asked for.</summary>
    public string? Owner { get; init; }

    /// <summary>The response status once the exchange has finished; null while running or when the connection was reset.</summary>
    public int? Status => Volatile.Read(ref status) is var s && s != 0 ? s : null;

    internal void Finish(int responseStatus) => Volatile.Write(ref status, responseStatus);
}

/// <summary>What the emulator received, oldest first, bounded to the most recent <see cref="Capacity"/> requests.</summary>
internal sealed class RequestLog
{
    public const int Capacity = 20_000;

    private readonly Lock gate = new();
    private readonly Queue<LoggedRequest> entries = new();
    private long lastSeq;

    public void Add(LoggedRequest request)
    {
        lock (gate)
        {
            request.Seq = ++lastSeq;
            entries.Enqueue(request);
            if (entries.Count > Capacity)
            {
                entries.Dequeue();
            }
        }
    }

    public IReadOnlyList<LoggedRequest> Find(Func<LoggedRequest, bool> predicate)
    {
        lock (gate)
        {
            return [.. entries.Where(predicate)];
        }
    }

    public void Clear()
    {
        lock (gate)
        {
            entries.Clear();
        }
    }
}
