using System.Text;
using NanoBanana.Api;

namespace NanoBanana.Tests.Api;

public sealed class BatchJournalTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("nb-journal-").FullName;

    private string JournalPath => Path.Combine(folder, "batch.jsonl");

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static GenerationRequest Request(string prompt, string? model = null, string[]? files = null) =>
        GenerationRequest.Create(prompt, model, null, [], files ?? [], GenerationMode.Async);

    private static NbGeneration Generation(string id, NbGenerationStatus status) => new()
    {
        Id = id,
        Status = status,
        CreditsUsed = 1,
        CreatedAt = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero),
        Images = status == NbGenerationStatus.Completed
            ? [new NbImage { Url = new Uri("https://cdn.example/png/1.png"), Index = 1, GenerationId = id }]
            : [],
    };

    [Fact]
    public void The_same_request_twice_is_two_occurrences_and_other_requests_count_apart()
    {
        var journal = new BatchJournal(JournalPath);
        var first = journal.Plan(Request("a fox"));
        var other = journal.Plan(Request("a fox", "gemini-3-pro-image-preview"));
        var second = journal.Plan(Request("a fox"));
        Assert.Equal((1, 1, 2), (first.Occurrence, other.Occurrence, second.Occurrence));
        Assert.Equal(first.Request, second.Request);
        Assert.NotEqual(first.Request, other.Request);
        Assert.All(new[] { first, other, second }, e => Assert.Equal(JournalStep.Submit, e.Step));
    }

    [Fact]
    public void A_rerun_finds_each_occurrence_in_the_state_its_records_left_it()
    {
        var journal = new BatchJournal(JournalPath);
        var steps = new[] { "done", "followed", "unknown", "failed", "rejected", "refused", "new" };
        foreach (var prompt in steps.Take(6))
        {
            var request = Request(prompt);
            var entry = journal.Plan(request);
            journal.RecordIntent(entry, request);
            switch (prompt)
            {
                case "done":
                    journal.RecordTaken(entry, "c-done");
                    journal.RecordOutcome(entry, Generation("c-done", NbGenerationStatus.Completed));
                    break;
                case "followed":
                    journal.RecordTaken(entry, "c-followed");
                    break;
                case "failed":
                    journal.RecordOutcome(entry, Generation("c-failed", NbGenerationStatus.Failed));
                    break;
                case "rejected":
                    journal.RecordOutcome(entry, Generation("c-rejected", NbGenerationStatus.Rejected));
                    break;
                case "refused":
                    journal.RecordFailure(entry, new NbApiException(NbErrorKind.InsufficientCredits, "no credits", 402));
                    break;
            }
        }

        var rerun = new BatchJournal(JournalPath);
        var planned = steps.Select(p => rerun.Plan(Request(p))).ToArray();
        Assert.Equal(
            [JournalStep.Done, JournalStep.Follow, JournalStep.Unknown, JournalStep.Submit, JournalStep.Submit,
                JournalStep.Submit, JournalStep.Submit],
            planned.Select(e => e.Step));
        Assert.Equal("c-done", planned[0].GenerationId);
        Assert.Equal("c-followed", planned[1].GenerationId);
    }

    [Theory]
    [InlineData(NbErrorKind.OutcomeUnknown, null, "Unknown")]
    [InlineData(NbErrorKind.Timeout, "c-timeout", "Follow")]
    [InlineData(NbErrorKind.GenerationFailed, "c-failed", "Submit")]
    [InlineData(NbErrorKind.ServiceBusy, null, "Submit")]
    [InlineData(NbErrorKind.Unauthorized, null, "Submit")]
    public void A_failure_is_recorded_as_what_the_service_may_have_done(NbErrorKind kind, string? id, string expected)
    {
        var step = Enum.Parse<JournalStep>(expected);
        var journal = new BatchJournal(JournalPath);
        var request = Request("p");
        var entry = journal.Plan(request);
        journal.RecordIntent(entry, request);
        journal.RecordFailure(entry, new NbApiException(kind, "it went wrong", null, id));
        Assert.Equal(step, new BatchJournal(JournalPath).Plan(request).Step);
    }

    [Fact]
    public void A_new_attempt_after_a_failure_starts_over_and_its_outcome_counts()
    {
        var journal = new BatchJournal(JournalPath);
        var request = Request("again");
        var entry = journal.Plan(request);
        journal.RecordIntent(entry, request);
        journal.RecordOutcome(entry, Generation("c-1", NbGenerationStatus.Failed));
        var retry = new BatchJournal(JournalPath).Plan(request);
        Assert.Equal(JournalStep.Submit, retry.Step);
        journal.RecordIntent(retry, request);
        Assert.Equal(JournalStep.Unknown, new BatchJournal(JournalPath).Plan(request).Step);
        journal.RecordTaken(retry, "c-2");
        Assert.Equal("c-2", new BatchJournal(JournalPath).Plan(request).GenerationId);
    }

    [Fact]
    public void A_torn_last_line_is_an_intent_without_an_answer_at_worst()
    {
        var journal = new BatchJournal(JournalPath);
        var request = Request("torn");
        var entry = journal.Plan(request);
        journal.RecordIntent(entry, request);
        File.AppendAllText(JournalPath, "{\"type\":\"outcome\",\"entry\":\"" + entry.Entry + "\",\"sta");
        Assert.Equal(JournalStep.Unknown, new BatchJournal(JournalPath).Plan(request).Step);
    }

    [Fact]
    public void Files_count_by_name_size_and_content_and_their_content_is_never_written()
    {
        var file = Path.Combine(folder, "ref.png");
        var png = new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3, 4, 5, 6, 7, 8 };
        File.WriteAllBytes(file, png);
        var journal = new BatchJournal(JournalPath);
        var request = Request("edit", files: [file]);
        var before = RequestFingerprint.Of(request);
        journal.RecordIntent(journal.Plan(request), request);
        png[^1] = 9;
        File.WriteAllBytes(file, png);
        Assert.NotEqual(before, RequestFingerprint.Of(Request("edit", files: [file])));

        var text = File.ReadAllText(JournalPath);
        Assert.Contains("ref.png", text);
        Assert.DoesNotContain(Convert.ToBase64String(png.AsSpan(0, 15).ToArray()), text);
    }

    [Fact]
    public void The_journal_copy_of_a_done_generation_has_its_images_and_what_was_asked()
    {
        var journal = new BatchJournal(JournalPath);
        var request = Request("copy me", "gemini-2.5-flash-image");
        var entry = journal.Plan(request);
        journal.RecordIntent(entry, request);
        journal.RecordOutcome(entry, Generation("c-copy", NbGenerationStatus.Completed));
        var copy = BatchJournal.Copy(new BatchJournal(JournalPath).Plan(request));
        Assert.Equal(("c-copy", NbGenerationStatus.Completed, "copy me"), (copy.Id, copy.Status, copy.Prompt));
        Assert.Equal("https://cdn.example/png/1.png", copy.Images.Single().Url.AbsoluteUri);
        Assert.Equal(new DateTimeOffset(2026, 1, 17, 3, 4, 5, TimeSpan.Zero), copy.Images[0].ExpiresAt);
    }

    [Fact]
    public void A_key_in_a_failure_message_is_not_written()
    {
        var journal = new BatchJournal(JournalPath);
        var request = Request("secret");
        var entry = journal.Plan(request);
        journal.RecordFailure(entry, new NbApiException(NbErrorKind.Unauthorized, "key nb_abcdef123456 refused"));
        Assert.DoesNotContain("nb_abcdef123456", File.ReadAllText(JournalPath, Encoding.UTF8));
    }
}
