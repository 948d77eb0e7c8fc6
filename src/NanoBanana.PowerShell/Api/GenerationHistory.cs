using System;
using System.Linq;

namespace NanoBanana.Api;

/// <summary>
/// Writes the history of generations (see <see cref="HistoryRecord"/>) to a <see cref="JsonLinesFile"/>: safe from
/// any thread, runspace or process. Each record is with the system when a method returns, so it outlives the process;
/// only intents may wait until they are on the disk, to outlive the machine (a journal's, since a rerun pays for a
/// request it does not find). Each method throws IOException or UnauthorizedAccessException when the file cannot be
/// written; the caller decides how loud that is.
/// </summary>
internal sealed class GenerationHistory
{
    private readonly bool intentsToDisk;

    public GenerationHistory(JsonLinesFile file, bool intentsToDisk = false)
    {
        File = file;
        this.intentsToDisk = intentsToDisk;
    }

    public JsonLinesFile File { get; }

    /// <summary>The history of this process's environment (<see cref="HistoryLocation"/>); null when it is off.</summary>
    public static GenerationHistory? FromEnvironment() =>
        HistoryLocation.Resolve() is { } path ? new GenerationHistory(new JsonLinesFile(path)) : null;

    /// <summary>A new submission's entry id, which its intent, outcome and failure share.</summary>
    public static string NewEntry() => Guid.NewGuid().ToString("N");

    /// <summary>What is about to be submitted; written before the POST.</summary>
    public void Intent(string entry, GenerationRequest request) => Write(
        new HistoryRecord
        {
            Type = HistoryRecord.IntentType,
            Entry = entry,
            Prompt = request.Prompt,
            Model = request.Model,
            AspectRatio = request.AspectRatio,
            Mode = request.Mode.ToString(),
            References = request.ReferenceImages.Count == 0 ? null : request.DescribeReferences(),
        },
        intentsToDisk);

    /// <summary>The generation as the service answered, for a submission (<paramref name="entry"/>) or by id.</summary>
    public void Outcome(string? entry, NbGeneration generation) => Write(new HistoryRecord
    {
        Type = HistoryRecord.OutcomeType,
        Entry = entry,
        Id = generation.Id,
        Status = generation.Status.ToString(),
        Credits = generation.CreditsUsed,
        Remaining = generation.RemainingCredits,
        Images = generation.Images.Length == 0 ? null : [.. generation.Images.Select(i => i.Url.AbsoluteUri)],
        CreatedAt = generation.CreatedAt,
        Message = generation.Status is NbGenerationStatus.Completed ? null : Redacted(generation.Message),
    });

    /// <summary>That the service took the submission under <paramref name="generationId"/>, before it finished.</summary>
    public void Taken(string entry, string generationId) =>
        Outcome(entry, new NbGeneration { Id = generationId, Status = NbGenerationStatus.Processing });

    /// <summary>A submission that ended in an error: its id, the error id, and the generation id when known.</summary>
    public void Failure(string entry, NbApiException failure) => Write(new HistoryRecord
    {
        Type = HistoryRecord.FailureType,
        Entry = entry,
        Id = failure.GenerationId,
        Error = "Nb" + failure.Kind,
        Credits = CostGuard.ChargedFor(failure),
        Message = Redacted(failure.Message),
    });

    /// <summary>Where an image of a generation was saved.</summary>
    public void Saved(string generationId, int index, string path) => Write(new HistoryRecord
    {
        Type = HistoryRecord.SavedType,
        Id = generationId,
        Index = index,
        Path = path,
    });

    private static string? Redacted(string? text) => text is null ? null : Secrets.Redact(text);

    private void Write(HistoryRecord record, bool toDisk = false)
    {
        record.Time = DateTimeOffset.UtcNow;
        File.Append(record, HistoryJsonContext.Default.HistoryRecord, toDisk);
    }
}
