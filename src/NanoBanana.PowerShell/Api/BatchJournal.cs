using System;
using System.Linq;

namespace NanoBanana.Api;

/// <summary>
/// A batch's journal (New-NbImage -Journal): the history's records (<see cref="GenerationHistory"/>, the same writer),
/// scoped to one batch, each entry id naming a request and its occurrence in the batch. An intent is appended and
/// flushed to disk before its POST; the id as soon as the service names it; then the outcome or the failure (these
/// outlive the process; if the machine loses them, the rerun reports the request as of unknown outcome and does not
/// pay for it again). Read when the batch starts, it tells for each request whether it is done, taken and to be
/// followed, of unknown outcome, or to be submitted (<see cref="JournalLedger"/>). Planning is for one thread; recording is safe from any thread and throws
/// IOException or UnauthorizedAccessException when the file cannot be written.
/// </summary>
internal sealed class BatchJournal
{
    private readonly GenerationHistory writer;
    private readonly JournalLedger ledger;

    public BatchJournal(string path)
    {
        var file = new JsonLinesFile(path);
        writer = new GenerationHistory(file, intentsToDisk: true);
        ledger = new JournalLedger(file.Read(HistoryJsonContext.Default.HistoryRecord));
    }

    public string Path => writer.File.Path;

    /// <summary>The next occurrence of the request in the batch and what to do with it.</summary>
    public JournalEntry Plan(GenerationRequest request) => ledger.Next(RequestFingerprint.Of(request));

    /// <summary>Records that the request is about to be sent; returns once it is on disk.</summary>
    public void RecordIntent(JournalEntry entry, GenerationRequest request) => writer.Intent(entry.Entry, request);

    /// <summary>Records that the service took the request under <paramref name="generationId"/>.</summary>
    public void RecordTaken(JournalEntry entry, string generationId) => writer.Taken(entry.Entry, generationId);

    /// <summary>Records the generation as the service answered it.</summary>
    public void RecordOutcome(JournalEntry entry, NbGeneration generation) => writer.Outcome(entry.Entry, generation);

    /// <summary>
    /// Records a failure: the error id, the generation id when the service named one (followed next time), and what was
    /// charged: nothing (submitted next time) or unknown.
    /// </summary>
    public void RecordFailure(JournalEntry entry, NbApiException failure) => writer.Failure(entry.Entry, failure);

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
        var id = outcome.Id ?? "";
        return new NbGeneration
        {
            Id = id,
            Status = Enum.TryParse<NbGenerationStatus>(outcome.Status, out var status)
                ? status
                : NbGenerationStatus.Processing,
            Prompt = entry.Intent?.Prompt,
            Model = entry.Intent?.Model,
            AspectRatio = entry.Intent?.AspectRatio,
            ReferenceImages = entry.Intent?.References,
            Images =
            [
                .. (outcome.Images ?? []).Select((url, i) => new NbImage
                {
                    Url = new Uri(url),
                    Index = i + 1,
                    GenerationId = id,
                    ExpiresAt = outcome.CreatedAt + NbImage.Lifetime,
                }),
            ],
            CreditsUsed = outcome.Credits,
            RemainingCredits = outcome.Remaining,
            CreatedAt = outcome.CreatedAt,
            Message = outcome.Message,
        };
    }
}
