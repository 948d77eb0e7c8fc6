using System;
using System.Linq;

namespace NanoBanana.Api;

/// <summary>
/// A batch's journal (New-NbImage -Journal): a JSON Lines file of intents, each appended and flushed to disk before
/// its POST, and outcomes. Read when the batch starts, it tells for each request of the batch whether it is done,
/// taken and to be followed, of unknown outcome, or to be submitted (<see cref="JournalLedger"/>). Planning is for
/// one thread; recording is safe from any thread and throws IOException or UnauthorizedAccessException when the
/// file cannot be written.
/// </summary>
internal sealed class BatchJournal
{
    private readonly JsonLinesFile file;
    private readonly JournalLedger ledger;
    private readonly Func<DateTimeOffset> now;

    public BatchJournal(string path, Func<DateTimeOffset>? clock = null)
    {
        file = new JsonLinesFile(path);
        now = clock ?? (() => DateTimeOffset.UtcNow);
        ledger = new JournalLedger(file.Read(JournalJsonContext.Default.JournalRecord));
    }

    public string Path => file.Path;

    /// <summary>The next occurrence of the request in the batch and what to do with it.</summary>
    public JournalEntry Plan(GenerationRequest request) => ledger.Next(RequestFingerprint.Of(request));

    /// <summary>Records that the request is about to be sent; returns once it is on disk.</summary>
    public void RecordIntent(JournalEntry entry, GenerationRequest request, int? estimate) =>
        Append(new JournalRecord
        {
            Event = JournalRecord.Intent,
            Request = entry.Request,
            Occurrence = entry.Occurrence,
            Prompt = request.Prompt,
            Model = request.Model,
            AspectRatio = request.AspectRatio,
            Mode = request.Mode.ToString(),
            References = request.ReferenceImages.Count == 0
                ? null
                : [.. request.ReferenceImages.Select(r => r.Identity())],
            Estimate = estimate,
        });

    /// <summary>Records that the service took the request under <paramref name="generationId"/>.</summary>
    public void RecordTaken(JournalEntry entry, string generationId) =>
        Append(Outcome(entry, JournalStatus.Processing, generationId));

    /// <summary>Records the generation as the service answered it.</summary>
    public void RecordOutcome(JournalEntry entry, NbGeneration generation)
    {
        var record = Outcome(entry, StatusOf(generation.Status), generation.Id);
        record.CreditsUsed = generation.CreditsUsed;
        record.ImageUrls = generation.Images.Length == 0 ? null : [.. generation.Images.Select(i => i.Url.AbsoluteUri)];
        record.CreatedAt = generation.CreatedAt;
        record.Message = generation.Message;
        Append(record);
    }

    /// <summary>
    /// Records a failure: a generation that failed, a job taken and known by id (followed next time), a request the
    /// service surely did not take (submitted next time), or one it may have taken (unknown).
    /// </summary>
    public void RecordFailure(JournalEntry entry, NbApiException failure)
    {
        var status = failure.Kind == NbErrorKind.GenerationFailed ? JournalStatus.Failed
            : failure.GenerationId is not null ? JournalStatus.Processing
            : CostGuard.ChargedFor(failure) == 0 ? JournalStatus.Refused
            : JournalStatus.Unknown;
        var record = Outcome(entry, status, failure.GenerationId);
        record.Message = Secrets.Redact(failure.Message);
        Append(record);
    }

    /// <summary>The NbSaveFailed error of a request that was not submitted because its intent could not be written.</summary>
    public NbApiException Unwritable(GenerationRequest request, Exception e) =>
        new(
            NbErrorKind.SaveFailed,
            $"The journal '{Path}' cannot be written ({e.Message}), so \"{request.PromptPreview(60)}\" was not " +
                "submitted: without its record a rerun could pay for it twice.",
            innerException: e);

    /// <summary>The generation as the journal last saw it, for when the service cannot be asked.</summary>
    public static NbGeneration Copy(JournalEntry entry)
    {
        var outcome = entry.Outcome ?? throw new InvalidOperationException("The journal has no outcome to copy.");
        var id = outcome.GenerationId ?? "";
        return new NbGeneration
        {
            Id = id,
            Status = outcome.Status == JournalStatus.Completed
                ? NbGenerationStatus.Completed
                : NbGenerationStatus.Processing,
            Prompt = entry.Intent?.Prompt,
            Model = entry.Intent?.Model,
            AspectRatio = entry.Intent?.AspectRatio,
            ReferenceImages = entry.Intent?.References,
            Images =
            [
                .. (outcome.ImageUrls ?? []).Select((url, i) => new NbImage
                {
                    Url = new Uri(url),
                    Index = i + 1,
                    GenerationId = id,
                    ExpiresAt = outcome.CreatedAt + NbImage.Lifetime,
                }),
            ],
            CreditsUsed = outcome.CreditsUsed,
            CreatedAt = outcome.CreatedAt,
            Message = outcome.Message,
        };
    }

    private static string StatusOf(NbGenerationStatus status) => status switch
    {
        NbGenerationStatus.Completed => JournalStatus.Completed,
        NbGenerationStatus.Failed => JournalStatus.Failed,
        NbGenerationStatus.Rejected => JournalStatus.Rejected,
        _ => JournalStatus.Processing,
    };

    private static JournalRecord Outcome(JournalEntry entry, string status, string? generationId) => new()
    {
        Event = JournalRecord.Outcome,
        Request = entry.Request,
        Occurrence = entry.Occurrence,
        Status = status,
        GenerationId = generationId,
    };

    private void Append(JournalRecord record)
    {
        record.Time = now();
        file.Append(record, JournalJsonContext.Default.JournalRecord);
    }
}
