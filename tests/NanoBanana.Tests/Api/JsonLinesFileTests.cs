using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using NanoBanana.Api;

namespace NanoBanana.Tests.Api;

public sealed class JsonLinesFileTests : IDisposable
{
    private static readonly JsonTypeInfo<TestRecord> RecordType =
        (JsonTypeInfo<TestRecord>)JsonSerializerOptions.Default.GetTypeInfo(typeof(TestRecord));

    private readonly string folder = Path.Combine(TestEnvironment.Folder, $"lines-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Appends <paramref name="count"/> records as writer <paramref name="writer"/>; also run in a second process.</summary>
    internal static void AppendRecords(string path, int writer, int count)
    {
        var file = new JsonLinesFile(path);
        for (var n = 0; n < count; n++)
        {
            file.Append(new TestRecord(writer, n, new string('x', 200) + "\u00e9\n\"quoted\""), RecordType);
        }
    }

    [Fact]
    public void Appends_records_one_per_line_and_reads_them_back_in_order_creating_the_folder()
    {
        var path = Path.Combine(folder, "deeper", "h.jsonl");
        var file = new JsonLinesFile(path);

        file.Append(new TestRecord(1, 1, "line\nbreak"), RecordType);
        file.Append(new TestRecord(1, 2, "second"), RecordType);

        Assert.Equal(2, File.ReadAllLines(path).Length);
        Assert.EndsWith("\n", File.ReadAllText(path), StringComparison.Ordinal);
        Assert.Equal([new(1, 1, "line\nbreak"), new(1, 2, "second")], file.Read(RecordType).ToArray());
    }

    [Fact]
    public void A_missing_file_reads_as_empty()
    {
        Assert.Empty(new JsonLinesFile(Path.Combine(folder, "none.jsonl")).Read(RecordType));
    }

    [Fact]
    public void A_torn_last_line_is_skipped_and_the_next_append_starts_a_new_line()
    {
        var path = Path.Combine(folder, "h.jsonl");
        var file = new JsonLinesFile(path);
        file.Append(new TestRecord(1, 1, "whole"), RecordType);
        File.AppendAllText(path, "{\"Writer\":1,\"N\":2,\"Te");

        Assert.Equal([new(1, 1, "whole")], file.Read(RecordType).ToArray());

        file.Append(new TestRecord(1, 3, "after the crash"), RecordType);
        Assert.Equal([new(1, 1, "whole"), new(1, 3, "after the crash")], file.Read(RecordType).ToArray());
    }

    [Fact]
    public void Lines_that_are_not_records_are_skipped()
    {
        var path = Path.Combine(folder, "h.jsonl");
        Directory.CreateDirectory(folder);
        File.WriteAllText(path, "not json\n\n{\"Writer\":1,\"N\":1,\"Text\":\"a\"}\r\n[1,2]\n{\"Writer\":\"x\"}\n\0\0\0\n" +
            "{\"Writer\":2,\"N\":2,\"Text\":\"b\"}");

        var records = new JsonLinesFile(path).Read(RecordType).ToArray();

        Assert.Equal([new(1, 1, "a"), new(2, 2, "b")], records);
    }

    [Fact]
    public void Lines_longer_than_the_read_block_are_read_whole()
    {
        var file = new JsonLinesFile(Path.Combine(folder, "h.jsonl"));
        var longText = new string('y', 300_000);
        file.Append(new TestRecord(1, 1, "short"), RecordType);
        file.Append(new TestRecord(1, 2, longText), RecordType);
        file.Append(new TestRecord(1, 3, "short"), RecordType);

        Assert.Equal([1, 2, 3], file.Read(RecordType).Select(r => r.N).ToArray());
        Assert.Equal(longText, file.Read(RecordType).ElementAt(1).Text);
    }

    [Fact]
    public void A_large_file_read_in_two_halves_gives_every_record_once_in_order()
    {
        var path = Path.Combine(folder, "large.jsonl");
        Directory.CreateDirectory(folder);
        const int Count = 30_000;
        using (var writer = new StreamWriter(path))
        {
            for (var n = 0; n < Count; n++)
            {
                writer.Write(JsonSerializer.Serialize(new TestRecord(1, n, new string('z', 200 + (n % 97))), RecordType));
                writer.Write('\n');
            }

            writer.Write("{\"Writer\":1,\"N\":");
        }

        var parsers = 0;
        var records = new JsonLinesFile(path).ReadAll<TestRecord>(() =>
        {
            Interlocked.Increment(ref parsers);
            return line =>
            {
                try
                {
                    return JsonSerializer.Deserialize(line, RecordType);
                }
                catch (JsonException)
                {
                    return null;
                }
            };
        });

        Assert.True(new FileInfo(path).Length > 8 << 20, "the file is large enough to be split");
        Assert.Equal(Environment.ProcessorCount > 1 ? 2 : 1, parsers);
        Assert.Equal(Enumerable.Range(0, Count), records.Select(r => r.N));
    }

    [Fact]
    public void A_record_with_a_line_break_in_its_bytes_is_refused()
    {
        var file = new JsonLinesFile(Path.Combine(folder, "h.jsonl"));

        Assert.Throws<ArgumentException>(() => file.AppendLines([Encoding.UTF8.GetBytes("{\n}")]));
    }

    [Fact]
    public void Rewrite_keeps_what_is_asked_and_drops_the_rest_and_torn_lines()
    {
        var path = Path.Combine(folder, "h.jsonl");
        var file = new JsonLinesFile(path);
        for (var n = 1; n <= 5; n++)
        {
            file.Append(new TestRecord(1, n, "r"), RecordType);
        }

        File.AppendAllText(path, "{\"torn");

        var dropped = file.Rewrite(RecordType, r => r.N % 2 == 1);

        Assert.Equal(3, dropped);
        Assert.Equal([1, 3, 5], file.Read(RecordType).Select(r => r.N).ToArray());
        Assert.Equal(3, File.ReadAllLines(path).Length);
        Assert.Equal(["h.jsonl", "h.jsonl.lock"], Directory.GetFiles(folder).Select(f => Path.GetFileName(f)!).Order().ToArray());
    }

    [Fact]
    public void Writing_into_a_folder_that_stands_where_the_file_should_be_fails_with_an_io_error()
    {
        var path = Path.Combine(folder, "h.jsonl");
        Directory.CreateDirectory(path);
        var file = new JsonLinesFile(path, TimeSpan.FromSeconds(1));

        var e = Record.Exception(() => file.Append(new TestRecord(1, 1, "x"), RecordType));

        Assert.True(e is IOException or UnauthorizedAccessException, e?.ToString());
        Assert.Empty(Directory.GetFileSystemEntries(path));
    }

    [Fact]
    public void A_writer_that_cannot_get_the_lock_in_time_fails_instead_of_waiting_forever()
    {
        var path = Path.Combine(folder, "h.jsonl");
        Directory.CreateDirectory(folder);
        using var held = new FileStream(path + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        var file = new JsonLinesFile(path, TimeSpan.FromMilliseconds(200));

        var e = Assert.Throws<IOException>(() => file.Append(new TestRecord(1, 1, "x"), RecordType));

        Assert.Contains(".lock", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Eight_threads_and_two_processes_appending_at_once_lose_and_corrupt_no_line()
    {
        var path = Path.Combine(folder, "h.jsonl");
        const int PerWriter = 60;
        var children = Enumerable.Range(100, 2).Select(writer => StartChild(path, writer, PerWriter)).ToArray();
        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, w => AppendRecords(path, w, PerWriter));
        foreach (var child in children)
        {
            Assert.True(child.WaitForExit(120_000), "the second process did not finish");
            Assert.True(child.ExitCode == 0, child.StandardError.ReadToEnd());
        }

        var lines = File.ReadAllLines(path);
        var records = new JsonLinesFile(path).Read(RecordType).ToArray();
        Assert.Equal(10 * PerWriter, lines.Length);
        Assert.Equal(10 * PerWriter, records.Length);
        foreach (var writer in records.GroupBy(r => r.Writer))
        {
            Assert.Equal(Enumerable.Range(0, PerWriter), writer.Select(r => r.N));
        }
    }

    private static Process StartChild(string path, int writer, int count)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { typeof(JsonLinesFileTests).Assembly.Location, "append", path, $"{writer}", $"{count}" })
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start)!;
    }

    internal sealed record TestRecord(int Writer, int N, string Text);
}
