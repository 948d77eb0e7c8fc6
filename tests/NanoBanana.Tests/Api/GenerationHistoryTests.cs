using NanoBanana.Api;

namespace NanoBanana.Tests.Api;

public class HistoryLocationTests
{
    private const string Home = "/home/ana";

    [Theory]
    [InlineData(null, false, null, null, "/home/ana/.local/share/NanoBanana/history.jsonl")]
    [InlineData("", false, null, "/data", "/data/NanoBanana/history.jsonl")]
    [InlineData(null, false, null, "relative/ignored", "/home/ana/.local/share/NanoBanana/history.jsonl")]
    [InlineData("/elsewhere/h.jsonl", false, null, "/data", "/elsewhere/h.jsonl")]
    [InlineData("~/h.jsonl", false, null, null, "/home/ana/h.jsonl")]
    [InlineData(" off ", false, null, null, null)]
    [InlineData("OFF", true, "/appdata", null, null)]
    public void Resolves_the_history_file_from_the_environment(
        string? setting, bool windows, string? localAppData, string? xdg, string? expected)
    {
        var path = HistoryLocation.Resolve(setting, windows, localAppData, xdg, Home);

        Assert.Equal(expected, path?.Replace('\\', '/'));
    }

    [Fact]
    public void On_windows_it_lives_in_local_app_data()
    {
        var path = HistoryLocation.Resolve(null, true, "/appdata", "/data", Home);

        Assert.Equal(Path.Combine("/appdata", "NanoBanana", "history.jsonl"), path);
    }
}

public sealed class GenerationHistoryTests : IDisposable
{
    private readonly string folder = Path.Combine(TestEnvironment.Folder, $"history-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void The_intent_names_references_but_never_holds_a_data_urls_payload()
    {
        var payload = Convert.ToBase64String(new byte[300]);
        var request = new GenerationRequest("a fox")
        {
            Model = "m",
            AspectRatio = "1:1",
            Mode = GenerationMode.Stream,
            ReferenceImages =
            [
                ReferenceImage.FromUrl("https://example.com/a.png"),
                ReferenceImage.FromUrl("data:image/png;base64," + payload),
            ],
        };
        var history = History();

        history.Intent("e1", request);

        var text = File.ReadAllText(history.File.Path);
        Assert.DoesNotContain(payload.Substring(0, 40), text, StringComparison.Ordinal);
        var intent = Assert.Single(Records(history));
        Assert.Equal(("intent", "e1", "a fox", "m", "1:1", "Stream"),
            (intent.Type, intent.Entry, intent.Prompt, intent.Model, intent.AspectRatio, intent.Mode));
        Assert.Equal("https://example.com/a.png", intent.References![0]);
        Assert.StartsWith("data:image/png", intent.References[1], StringComparison.Ordinal);
        Assert.NotNull(intent.Time);
    }

    [Fact]
    public void A_failure_keeps_the_error_id_and_a_redacted_message()
    {
        var history = History();

        history.Failure("e1", new NbApiException(NbErrorKind.OutcomeUnknown, "no answer", generationId: "g1"));

        var failure = Assert.Single(Records(history));
        Assert.Equal(("failure", "e1", "g1", "NbOutcomeUnknown", null), (failure.Type, failure.Entry, failure.Id,
            failure.Error, failure.Credits));
    }

    [Fact]
    public void The_outcome_keeps_the_id_status_credits_images_and_creation_time()
    {
        var created = new DateTimeOffset(2026, 11, 1, 10, 0, 0, TimeSpan.Zero);
        var generation = new NbGeneration
        {
            Id = "g1",
            Status = NbGenerationStatus.Completed,
            CreditsUsed = 2,
            CreatedAt = created,
            Images = [new NbImage { Url = new Uri("https://cdn.example/g1.png"), Index = 1, GenerationId = "g1" }],
        };
        var history = History();

        history.Outcome("e1", generation);
        history.Saved("g1", 1, "/art/g1-1.png");

        var records = Records(history);
        Assert.Equal(("outcome", "g1", "Completed", 2, created), (records[0].Type, records[0].Id, records[0].Status,
            records[0].Credits, records[0].CreatedAt));
        Assert.Equal(["https://cdn.example/g1.png"], records[0].Images!);
        Assert.Equal(("saved", "g1", 1, "/art/g1-1.png"), (records[1].Type, records[1].Id, records[1].Index,
            records[1].Path));
    }

    private GenerationHistory History() => new(new JsonLinesFile(Path.Combine(folder, "history.jsonl")));

    private static HistoryRecord[] Records(GenerationHistory history) =>
        [.. history.File.Read(HistoryJsonContext.Default.HistoryRecord)];
}
