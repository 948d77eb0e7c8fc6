using System.Text;
using NanoBanana.Api;

namespace NanoBanana.Tests.Api;

public class HistoryRecordReaderTests
{
    [Fact]
    public void Reads_every_field_the_writer_writes()
    {
        var record = new HistoryRecord();
        var n = 0;
        foreach (var property in typeof(HistoryRecord).GetProperties())
        {
            object value = property.PropertyType switch
            {
                var t when t == typeof(string) => $"text {++n} \"quoted\" \u00e9 \n",
                var t when t == typeof(int?) => ++n,
                var t when t == typeof(DateTimeOffset?) => new DateTimeOffset(2026, 1, 2, 3, 4, ++n, TimeSpan.FromHours(2)),
                var t when t == typeof(string[]) => new[] { $"first {++n}", "second" },
                var t => throw new InvalidOperationException($"No sample for {t}"),
            };
            property.SetValue(record, value);
        }

        var line = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(record, HistoryJsonContext.Default.HistoryRecord);
        var read = new HistoryRecordReader().Parse(line);

        Assert.NotNull(read);
        foreach (var property in typeof(HistoryRecord).GetProperties())
        {
            Assert.Equal(property.GetValue(record), property.GetValue(read));
        }
    }

    [Theory]
    [InlineData("{\"type\":\"intent\",\"entry\":\"e\"")]
    [InlineData("{\"type\":\"intent\"} trailing")]
    [InlineData("{\"type\":\"intent\",\"credits\":\"three\"}")]
    [InlineData("{\"type\":\"intent\",\"time\":\"yesterday\"}")]
    [InlineData("{\"type\":\"intent\",\"images\":\"not an array\"}")]
    [InlineData("[1,2]")]
    [InlineData("\"text\"")]
    [InlineData("")]
    public void A_line_that_is_not_a_record_reads_as_null(string line)
    {
        Assert.Null(new HistoryRecordReader().Parse(Encoding.UTF8.GetBytes(line)));
    }

    [Fact]
    public void Unknown_fields_and_nulls_are_skipped_and_escaped_names_are_read()
    {
        var line = "{\"future\":{\"a\":[1,{\"b\":2}]},\"\\u0074ype\":\"outcome\",\"id\":null,\"status\":\"Completed\"}";

        var read = new HistoryRecordReader().Parse(Encoding.UTF8.GetBytes(line));

        Assert.Equal(("outcome", null, "Completed"), (read!.Type, read.Id, read.Status));
    }
}

public sealed class HistoryReaderTests : IDisposable
{
    private static readonly DateTimeOffset Day = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly string folder = Path.Combine(TestEnvironment.Folder, $"reader-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Joins_intent_outcome_refresh_and_saves_into_generations_newest_first()
    {
        var file = Write(
            new HistoryRecord { Type = "intent", Entry = "e1", Time = Day, Prompt = "a fox" },
            new HistoryRecord { Type = "intent", Entry = "e2", Time = Day.AddHours(1), Prompt = "an owl", Model = "m2" },
            new HistoryRecord { Type = "outcome", Entry = "e1", Id = "g1", Status = "Processing", CreatedAt = Day },
            new HistoryRecord { Type = "failure", Entry = "e2", Error = "NbServiceBusy", Message = "busy", Credits = 0 },
            new HistoryRecord
            {
                Type = "outcome",
                Id = "g1",
                Status = "Completed",
                Credits = 2,
                CreatedAt = Day,
                Images = ["https://cdn.example/g1-1.png", "not a url", "https://cdn.example/g1-3.png"]
            },
            new HistoryRecord { Type = "saved", Id = "g1", Index = 1, Path = "/art/g1-1.png" },
            new HistoryRecord { Type = "saved", Id = "g1", Index = 1, Path = "/art/g1-1.png" },
            new HistoryRecord { Type = "saved", Id = "elsewhere", Index = 1, Path = "/art/x.png" },
            new HistoryRecord { Type = "outcome", Id = "elsewhere", Status = "Completed" });

        var generations = HistoryReader.Read(file, new HistoryQuery());

        Assert.Equal(["an owl", "a fox"], generations.Select(g => g.Prompt));
        var (owl, fox) = (generations[0], generations[1]);
        Assert.Equal((NbGenerationStatus.Failed, "", 0, "m2"), (owl.Status, owl.Id, owl.CreditsUsed, owl.Model));
        Assert.Equal("NbServiceBusy: busy", owl.Message);
        Assert.Equal((NbGenerationStatus.Completed, "g1", 2), (fox.Status, fox.Id, fox.CreditsUsed));
        Assert.Equal(CreditEstimate.DefaultModel, fox.Model);
        Assert.Equal([1, 3], fox.Images.Select(i => i.Index));
        Assert.All(fox.Images, i => Assert.Equal(Day.AddDays(15), i.ExpiresAt));
        Assert.All(fox.Images, i => Assert.Equal("g1", i.GenerationId));
        Assert.Equal(["/art/g1-1.png"], fox.SavedTo);
    }

    [Fact]
    public void A_submission_without_an_outcome_is_processing_and_says_why()
    {
        var file = Write(new HistoryRecord { Type = "intent", Entry = "e1", Time = Day, Prompt = "cut off" });

        var generation = Assert.Single(HistoryReader.Read(file, new HistoryQuery()));

        Assert.Equal(NbGenerationStatus.Processing, generation.Status);
        Assert.Contains("No outcome was recorded", generation.Message, StringComparison.Ordinal);
        Assert.Equal(Day, generation.CreatedAt);
    }

    [Fact]
    public void Filters_then_keeps_the_newest_n()
    {
        var records = Enumerable.Range(0, 10).SelectMany(n => new[]
        {
            new HistoryRecord { Type = "intent", Entry = $"e{n}", Time = Day.AddDays(n), Prompt = $"prompt {n}",
                Model = n % 2 == 0 ? "even" : "odd" },
            new HistoryRecord { Type = "outcome", Entry = $"e{n}", Id = $"g{n}", Status = "Completed",
                CreatedAt = Day.AddDays(n) },
        }).ToArray();
        var file = Write(records);

        var query = new HistoryQuery { Model = m => m == "even", Since = Day.AddDays(3), Last = 2 };

        Assert.Equal(["g8", "g6"], HistoryReader.Read(file, query).Select(g => g.Id));
        Assert.Equal(["g9"], HistoryReader.Read(file, new HistoryQuery { Prompt = p => p.EndsWith('9') })
            .Select(g => g.Id));
        Assert.Empty(HistoryReader.Read(file, new HistoryQuery { Status = [NbGenerationStatus.Failed] }));
    }

    [Fact]
    public void Older_finds_every_record_of_the_generations_before_a_time()
    {
        var file = Write(
            new HistoryRecord { Type = "intent", Entry = "old", Time = Day },
            new HistoryRecord { Type = "outcome", Entry = "old", Id = "g-old", CreatedAt = Day },
            new HistoryRecord { Type = "intent", Entry = "new", Time = Day.AddDays(2) },
            new HistoryRecord { Type = "saved", Id = "g-old", Index = 1, Path = "/a" },
            new HistoryRecord { Type = "outcome", Id = "g-old", Status = "Completed" });

        var (count, isTheirs) = HistoryReader.Older(file, Day.AddDays(1));
        file.Rewrite(HistoryJsonContext.Default.HistoryRecord, r => !isTheirs(r));

        Assert.Equal(1, count);
        Assert.Equal(["new"], file.Read(HistoryJsonContext.Default.HistoryRecord).Select(r => r.Entry));
    }

    private JsonLinesFile Write(params HistoryRecord[] records)
    {
        var file = new JsonLinesFile(Path.Combine(folder, "history.jsonl"));
        foreach (var record in records)
        {
            file.Append(record, HistoryJsonContext.Default.HistoryRecord);
        }

        return file;
    }
}
