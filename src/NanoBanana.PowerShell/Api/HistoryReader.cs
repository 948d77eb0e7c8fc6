using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;

namespace NanoBanana.Api;

/// <summary>
/// Reads the history (<see cref="HistoryRecord"/>) into generations, newest first: the intent, outcomes, failure and
/// saved files of a submission joined into one <see cref="NbGeneration"/>. Records that belong to no recorded
/// submission (a save or a refresh of a generation made elsewhere) are ignored.
/// </summary>
internal sealed class HistoryReader
{
    private readonly List<Entry> entries = [];
    private readonly Dictionary<string, Entry> byEntry = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Entry> byId = new(StringComparer.Ordinal);

    /// <summary>The generations of <paramref name="file"/> that <paramref name="query"/> accepts, newest first.</summary>
    [MethodImpl(JsonLinesFile.AggressiveOptimization)]
    public static IReadOnlyList<NbGeneration> Read(JsonLinesFile file, HistoryQuery query)
    {
        using var pause = GcPause.ForReading(file.Length);
        var entries = Load(file).entries;
        var matching = new List<(long Ticks, int Order)>();
        for (var order = 0; order < entries.Count; order++)
        {
            var entry = entries[order];
            var created = entry.CreatedAt;
            if (query.Matches(entry.Intent.Prompt ?? "", entry.Model, entry.Id ?? "", created, entry.Status()))
            {
                matching.Add((created?.UtcTicks ?? 0, order));
            }
        }

        matching.Sort(NewestFirst);
        var count = Math.Min(matching.Count, query.Last ?? int.MaxValue);
        var generations = new NbGeneration[count];
        for (var n = 0; n < count; n++)
        {
            generations[n] = entries[matching[n].Order].ToGeneration();
        }

        return generations;
    }

    /// <summary>Newest first; of two created at the same time, the one recorded later.</summary>
    [MethodImpl(JsonLinesFile.AggressiveOptimization)]
    private static int NewestFirst((long Ticks, int Order) a, (long Ticks, int Order) b) =>
        a.Ticks != b.Ticks ? b.Ticks.CompareTo(a.Ticks) : b.Order.CompareTo(a.Order);

    /// <summary>
    /// How many generations were created before <paramref name="before"/>, and which records are theirs: their intent,
    /// outcomes, failure and saved files.
    /// </summary>
    public static (int Generations, Func<HistoryRecord, bool> IsTheirs) Older(
        JsonLinesFile file,
        DateTimeOffset before)
    {
        using var pause = GcPause.ForReading(file.Length);
        var old = Load(file).entries.Where(e => e.CreatedAt < before).ToArray();
        var entries = new HashSet<string>(old.Select(e => e.Key), StringComparer.Ordinal);
        var ids = new HashSet<string>(old.Select(e => e.Id).OfType<string>(), StringComparer.Ordinal);
        return (old.Length, r => r.Entry is { } entry ? entries.Contains(entry) : r.Id is { } id && ids.Contains(id));
    }

    private static HistoryReader Load(JsonLinesFile file)
    {
        var reader = new HistoryReader();
        foreach (var record in file.ReadAll<HistoryRecord>(() => new HistoryRecordReader().Parse))
        {
            reader.Add(record);
        }

        return reader;
    }

    [MethodImpl(JsonLinesFile.AggressiveOptimization)]
    private void Add(HistoryRecord record)
    {
        switch (record.Type)
        {
            case HistoryRecord.IntentType when record.Entry is { } key && !byEntry.ContainsKey(key):
                var entry = new Entry(key, record);
                entries.Add(entry);
                byEntry[key] = entry;
                break;
            case HistoryRecord.OutcomeType or HistoryRecord.FailureType when Find(record) is { } known:
                known.Apply(record);
                if (record.Id is { Length: > 0 } id)
                {
                    byId[id] = known;
                }

                break;
            case HistoryRecord.SavedType when record.Id is { } savedId && record.Path is { } path
                && byId.TryGetValue(savedId, out var saved):
                saved.SavedTo.Add(path);
                break;
        }
    }

    [MethodImpl(JsonLinesFile.AggressiveOptimization)]
    private Entry? Find(HistoryRecord record) =>
        record.Entry is { } key ? byEntry.TryGetValue(key, out var entry) ? entry : null
        : record.Id is { } id && byId.TryGetValue(id, out var known) ? known : null;

    /// <summary>One submission as its records tell it so far.</summary>
    private sealed class Entry(string key, HistoryRecord intent)
    {
        private HistoryRecord? outcome;
        private HistoryRecord? failure;
        private int? remaining;

        public string Key => key;

        public HistoryRecord Intent => intent;

        /// <summary>When the service created it; when it was submitted if the service never said.</summary>
        public DateTimeOffset? CreatedAt => outcome?.CreatedAt ?? intent.Time;

        /// <summary>The model asked for, or the service's default when none was named.</summary>
        public string Model => intent.Model ?? CreditEstimate.DefaultModel;

        public string? Id => outcome?.Id ?? failure?.Id;

        public List<string> SavedTo { get; } = [];

        /// <summary>
        /// A later outcome replaces an earlier one (a refresh), but for the balance when it does not say one; a failure
        /// counts until an outcome comes.
        /// </summary>
        [MethodImpl(JsonLinesFile.AggressiveOptimization)]
        public void Apply(HistoryRecord record)
        {
            if (record.Type == HistoryRecord.OutcomeType)
            {
                outcome = record;
                remaining = record.Remaining ?? remaining;
            }
            else
            {
                failure = record;
            }
        }

        [MethodImpl(JsonLinesFile.AggressiveOptimization)]
        public NbGeneration ToGeneration()
        {
            var id = Id ?? "";
            var created = CreatedAt;
            return new NbGeneration
            {
                Id = id,
                Status = Status(),
                Prompt = intent.Prompt,
                Model = Model,
                AspectRatio = intent.AspectRatio,
                ReferenceImages = intent.References ?? [],
                CreditsUsed = outcome?.Credits ?? failure?.Credits,
                RemainingCredits = remaining,
                CreatedAt = created,
                Message = Message(),
                Images = Images(id, created),
                SavedTo = [.. SavedTo.Distinct(StringComparer.Ordinal)],
            };
        }

        [MethodImpl(JsonLinesFile.AggressiveOptimization)]
        private NbImage[] Images(string id, DateTimeOffset? created)
        {
            var images = new List<NbImage>();
            var index = 0;
            foreach (var text in outcome?.Images ?? [])
            {
                index++;
                if (Uri.TryCreate(text, UriKind.Absolute, out var url))
                {
                    images.Add(new NbImage
                    {
                        Url = url,
                        Index = index,
                        GenerationId = id,
                        ExpiresAt = created + NbImage.Lifetime,
                    });
                }
            }

            return [.. images];
        }

        [MethodImpl(JsonLinesFile.AggressiveOptimization)]
        public NbGenerationStatus Status() =>
            outcome?.Status is { } status && Enum.TryParse<NbGenerationStatus>(status, true, out var parsed) ? parsed
            : failure is not null ? NbGenerationStatus.Failed
            : NbGenerationStatus.Processing;

        private string? Message() =>
            outcome is not null ? outcome.Message
            : failure is not null ? $"{failure.Error}: {failure.Message}"
            : "No outcome was recorded: the command is still running, or it ended before the service answered " +
                "(credits may have been charged; see Get-NbCredit).";
    }
}
