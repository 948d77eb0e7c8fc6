using System.Globalization;
using System.Security.Cryptography;

namespace NanoBanana.Emulator;

/// <summary>Everything the emulator knows: accounts, generations, armed faults and the request log.</summary>
public sealed class EmulatorState
{
    private static readonly IReadOnlyList<int> DemoProgressSteps = [10, 25, 40, 55, 70, 85];

    private readonly Lock gate = new();
    private readonly EmulatorOptions options;
    private readonly Dictionary<string, Account> accounts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Generation> generations = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> generationIdsByKey = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> generationIdsByImagePath = new(StringComparer.Ordinal);
    private string cdnOrigin = "";
    private ProxySettings proxy = new();

    internal EmulatorState(EmulatorOptions options)
    {
        this.options = options;
        DemoKey = CreateAccount(new AccountSpec
        {
            Key = options.DemoKey,
            Credits = options.DemoCredits,
            Pro = true,
            ProgressSteps = DemoProgressSteps,
        }).Key;
    }

    public string DemoKey { get; }

    internal FaultBook Faults { get; } = new();

    internal RequestLog Log { get; } = new();

    /// <exception cref="ArgumentException">The key is taken or a value is out of range.</exception>
    public Account CreateAccount(AccountSpec spec)
    {
        var account = Account.FromDefaults(spec.Key ?? NewKey(), options).With(spec);
        lock (gate)
        {
            if (!accounts.TryAdd(account.Key, account))
            {
                throw new ArgumentException("an account with this key exists already");
            }

            generationIdsByKey[account.Key] = [];
        }

        return account;
    }

    public Account? GetAccount(string key)
    {
        lock (gate)
        {
            return accounts.GetValueOrDefault(key);
        }
    }

    /// <exception cref="ArgumentException">A value is out of range or the key would change.</exception>
    public Account? UpdateAccount(string key, AccountSpec changes)
    {
        if (changes.Key is not null && changes.Key != key)
        {
            throw new ArgumentException("an account's key cannot change");
        }

        lock (gate)
        {
            if (!accounts.TryGetValue(key, out var account))
            {
                return null;
            }

            return accounts[key] = account.With(changes);
        }
    }

    /// <returns>The fault's id, for <see cref="DisarmFault"/>.</returns>
    /// <exception cref="ArgumentException">The fault is inconsistent (e.g. a redirect without location).</exception>
    public string ArmFault(FaultSpec fault) => Faults.Arm(fault);

    public bool DisarmFault(string id) => Faults.Disarm(id);

    public void ClearFaults() => Faults.Clear();

    /// <param name="key">The bearer key of API requests, or the image owner's key of CDN requests.</param>
    /// <param name="path">A prefix of the full request path, e.g. /api/v1/generate or /png/.</param>
    public IReadOnlyList<LoggedRequest> Requests(
        string? key = null, RequestOrigin? origin = null, string? method = null, string? path = null) =>
        Log.Find(r => (key is null || r.Key == key || r.Owner == key)
            && (origin is null || r.Origin == origin)
            && (method is null || string.Equals(r.Method, method, StringComparison.OrdinalIgnoreCase))
            && (path is null || r.Path.StartsWith(path, StringComparison.OrdinalIgnoreCase)));

    public void ClearRequests() => Log.Clear();

    /// <summary>What the forward proxy (<see cref="EmulatorHost.ProxyUrl"/>) asks of its clients; anyone may use it at first.</summary>
    public ProxySettings Proxy => Volatile.Read(ref proxy);

    /// <returns>The settings now in force.</returns>
    /// <exception cref="ArgumentException">The credentials lack a user or password, or the user contains a colon.</exception>
    public ProxySettings ConfigureProxy(ProxySettings settings)
    {
        if (settings.RequireCredentials is { } credentials
            && (string.IsNullOrEmpty(credentials.User) || credentials.User.Contains(':', StringComparison.Ordinal) || credentials.Password is null))
        {
            throw new ArgumentException("requireCredentials needs a user (without ':') and a password");
        }

        Volatile.Write(ref proxy, settings);
        return settings;
    }

    public Generation? GetGeneration(string id)
    {
        lock (gate)
        {
            return generations.GetValueOrDefault(id);
        }
    }

    /// <returns>The account's generations (all when <paramref name="key"/> is null), oldest first.</returns>
    public IReadOnlyList<Generation> Generations(string? key = null)
    {
        lock (gate)
        {
            return [.. generations.Values
                .Where(g => key is null || g.Key == key)
                .OrderBy(g => g.CreatedAt)];
        }
    }

    public Generation? UpdateGeneration(string id, GenerationChanges changes)
    {
        lock (gate)
        {
            if (!generations.TryGetValue(id, out var generation))
            {
                return null;
            }

            var outcome = changes.Outcome ?? generation.Outcome;
            return generations[id] = generation with
            {
                CreatedAt = changes.CreatedAt ?? generation.CreatedAt,
                Outcome = outcome,
                ErrorMessage = FailureMessage(outcome, changes.ErrorMessage ?? generation.ErrorMessage),
            };
        }
    }

    internal void AttachCdn(Uri cdnUrl) => cdnOrigin = cdnUrl.GetLeftPart(UriPartial.Authority);

    internal Generation? FindByImagePath(string path)
    {
        lock (gate)
        {
            return generationIdsByImagePath.TryGetValue(path, out var id) ? generations[id] : null;
        }
    }

    /// <summary>Charges the account and records the generation, unless credits or concurrency say no.</summary>
    internal SubmitResult Submit(GenerationOrder order)
    {
        var now = DateTimeOffset.UtcNow;
        lock (gate)
        {
            var account = accounts[order.Key];
            if (account.Credits < order.Cost)
            {
                return new Refused(Refusal.InsufficientCredits, 0);
            }

            var (limit, refusal) = order.Mode == GenerationMode.Async
                ? (account.MaxAsyncTasks, Refusal.AsyncBusy)
                : (account.MaxConcurrentSync, Refusal.SyncBusy);
            var active = limit > 0 ? ActiveCount(order.Key, order.Mode == GenerationMode.Async, now) : 0;
            if (limit > 0 && active >= limit)
            {
                return new Refused(refusal, active);
            }

            var charged = accounts[order.Key] = account with { Credits = account.Credits - order.Cost };
            var ids = generationIdsByKey[order.Key];
            var generation = NewGeneration(order, account, ordinal: ids.Count + 1, now);
            generations.Add(generation.Id, generation);
            ids.Add(generation.Id);
            return new Accepted(generation, charged.Credits);
        }
    }

    private int ActiveCount(string key, bool async, DateTimeOffset now) =>
        generationIdsByKey[key]
            .Select(id => generations[id])
            .Count(g => (g.Mode == GenerationMode.Async) == async && g.StatusAt(now) == ProcessingStatus.Processing);

    private Generation NewGeneration(GenerationOrder order, Account account, int ordinal, DateTimeOffset now)
    {
        var id = Cuid.New();
        var dueAt = now.AddMilliseconds(account.LatencyMs);
        var imagePath = UniqueImagePath(dueAt, id);
        var isJpeg = account.ImageBytes == 0 && account.JpegEvery > 0 && ordinal % account.JpegEvery == 0;
        return new Generation
        {
            Id = id,
            Key = account.Key,
            Prompt = order.Prompt,
            ModelUsed = order.ModelUsed,
            Mode = order.Mode,
            CreditsUsed = order.Cost,
            CreatedAt = now,
            LatencyMs = account.LatencyMs,
            Outcome = order.Outcome,
            ErrorMessage = FailureMessage(order.Outcome, order.ErrorMessage),
            ImageUrls = [cdnOrigin + imagePath],
            References = order.References,
            Image = new ImageSpec(
                account.ImageFormat ?? (isJpeg ? ImageFormat.Jpeg : ImageFormat.Png), account.ImageWidth, account.ImageHeight, account.ImageBytes),
        };
    }

    private string UniqueImagePath(DateTimeOffset dueAt, string generationId)
    {
        while (true)
        {
            var path = string.Create(
                CultureInfo.InvariantCulture,
                $"/png/{dueAt.ToUnixTimeMilliseconds():D13}_{RandomNumberGenerator.GetInt32(1000):D3}.png");
            if (generationIdsByImagePath.TryAdd(path, generationId))
            {
                return path;
            }
        }
    }

    private static string? FailureMessage(GenerationOutcome outcome, string? message) =>
        outcome == GenerationOutcome.Failed ? message ?? Generation.DefaultErrorMessage : message;

    private static string NewKey() => "nb_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
}

internal sealed record GenerationOrder(
    string Key,
    string Prompt,
    string ModelUsed,
    GenerationMode Mode,
    int Cost,
    GenerationOutcome Outcome,
    string? ErrorMessage,
    IReadOnlyList<ReceivedReference> References);

internal enum Refusal
{
    InsufficientCredits,
    SyncBusy,
    AsyncBusy,
}

internal abstract record SubmitResult;

internal sealed record Accepted(Generation Generation, int RemainingCredits) : SubmitResult;

internal sealed record Refused(Refusal Reason, int ActiveTasks) : SubmitResult;
