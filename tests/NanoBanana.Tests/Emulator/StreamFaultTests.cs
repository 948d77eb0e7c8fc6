using System.Diagnostics;
using NanoBanana.Emulator;

namespace NanoBanana.Tests.Emulator;

public class StreamFaultTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    [Theory]
    [InlineData(LineEnding.Crlf, "\r\n")]
    [InlineData(LineEnding.Cr, "\r")]
    public async Task Line_endings_can_be_crlf_or_cr(LineEnding lineEnding, string eol)
    {
        var capture = await StreamWithFaultAsync(new FaultSpec { LineEnding = lineEnding });

        Assert.Matches($"^(data: \\{{[^\r\n]*\\}}{eol}{eol})+$", capture.Text);
        Assert.Equal([0, 50, 100], capture.Events.Select(e => e.Int("progress")));
    }

    [Fact]
    public async Task Split_events_are_written_in_pieces_cut_mid_line_and_mid_json()
    {
        var chunks = await ChunksWithFaultAsync(new FaultSpec { Split = true, LineEnding = LineEnding.Crlf });

        Assert.Equal(3 * 4, chunks.Count);
        foreach (var piece in chunks.Chunk(4))
        {
            Assert.Equal("dat", piece[0]);
            Assert.StartsWith("a: {\"type\":", piece[1], StringComparison.Ordinal);
            Assert.EndsWith("}\r\n\r", piece[2], StringComparison.Ordinal);
            Assert.Equal("\n", piece[3]);
        }
    }

    [Fact]
    public async Task Coalesced_events_share_a_write()
    {
        var chunks = await ChunksWithFaultAsync(new FaultSpec { Coalesce = true });

        Assert.Equal(2, chunks.Count);
        Assert.Equal(2, chunks[0].Split("data: ").Length - 1);
        Assert.Equal(1, chunks[1].Split("data: ").Length - 1);
    }

    [Fact]
    public async Task Junk_lines_surround_the_real_events()
    {
        var capture = await StreamWithFaultAsync(new FaultSpec { Junk = true });

        foreach (var junk in new[] { ": emulator comment", "event: x\n", "id: 7\n", "retry: 100\n", "data: not json\n", "data:{" })
        {
            Assert.Contains(junk, capture.Text, StringComparison.Ordinal);
        }

        Assert.Contains("not json", capture.Data);
        Assert.Equal([0, 0, 50, 100], capture.Events.Select(e => e.Int("progress")));
        Assert.Equal("complete", capture.Events[^1].Text("type"));
    }

    [Fact]
    public async Task A_cut_stream_ends_mid_event_but_the_generation_completes()
    {
        var key = emulator.NewAccount().Key;
        var capture = await StreamWithFaultAsync(new FaultSpec { CutAfterEvents = 2 }, key);

        Assert.True(capture.Broken);
        Assert.Equal([0, 50], capture.Events.Select(e => e.Int("progress")));
        var remainder = capture.Text[(capture.Text.LastIndexOf("\n\n", StringComparison.Ordinal) + 2)..];
        Assert.StartsWith("data: {\"type\":\"complete\"", remainder, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", remainder, StringComparison.Ordinal);
        var id = Assert.Single(emulator.State.Generations(key)).Id;
        await Eventually.TrueAsync(() => emulator.State.GetGeneration(id)!.Status == ProcessingStatus.Completed);
    }

    [Fact]
    public async Task A_stalled_stream_goes_quiet_then_ends_without_a_final_event()
    {
        var clock = Stopwatch.StartNew();
        var capture = await StreamWithFaultAsync(new FaultSpec { StallAfterEvents = 1, StallMs = 400 });

        Assert.InRange(clock.ElapsedMilliseconds, 390, 5000);
        Assert.False(capture.Broken);
        Assert.Equal([0], capture.Events.Select(e => e.Int("progress")));
    }

    [Fact]
    public async Task A_stall_without_end_lasts_until_the_client_leaves()
    {
        var key = emulator.NewAccount().Key;
        emulator.State.ArmFault(StreamFault(new FaultSpec { StallAfterEvents = 0 }, key));
        using var response = await emulator.GenerateAsync(key, new { prompt = "stall", mode = "stream" });
        await using var stream = await response.Content.ReadAsStreamAsync();
        using var patience = new CancellationTokenSource(EmulatorFixture.LatencyMs * 3);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await stream.ReadExactlyAsync(new byte[64], patience.Token));
    }

    [Fact]
    public async Task The_final_event_can_lack_its_blank_line()
    {
        var capture = await StreamWithFaultAsync(new FaultSpec { NoFinalBlankLine = true });

        Assert.EndsWith("}\n", capture.Text, StringComparison.Ordinal);
        Assert.DoesNotMatch("\n\n$", capture.Text);
        Assert.Equal([0, 50], capture.Events.Select(e => e.Int("progress")));
    }

    [Fact]
    public async Task A_stream_fault_leaves_other_modes_alone()
    {
        var key = emulator.NewAccount().Key;
        emulator.State.ArmFault(new FaultSpec { Kind = FaultKind.Stream, Junk = true, Times = 0, Match = new FaultMatch { Key = key } });

        using var response = await emulator.GenerateAsync(key, new { prompt = "plain sync" });

        Assert.True((await response.JsonAsync()).GetProperty("success").GetBoolean());
    }

    private async Task<SseCapture> StreamWithFaultAsync(FaultSpec options, string? key = null)
    {
        key ??= emulator.NewAccount().Key;
        emulator.State.ArmFault(StreamFault(options, key));
        using var response = await emulator.GenerateAsync(key, new { prompt = "a faulty stream", mode = "stream" });
        Assert.Equal(200, (int)response.StatusCode);
        return await SseCapture.ReadAsync(response);
    }

    private async Task<List<string>> ChunksWithFaultAsync(FaultSpec options)
    {
        var key = emulator.NewAccount().Key;
        emulator.State.ArmFault(StreamFault(options, key));
        return await RawHttp.PostChunksAsync(emulator.Api("/generate"), key, """{"prompt":"raw chunks","mode":"stream"}""");
    }

    private static FaultSpec StreamFault(FaultSpec options, string key) =>
        options with { Kind = FaultKind.Stream, Match = new FaultMatch { Key = key, Mode = GenerationMode.Stream } };
}
