using NanoBanana.Api;

namespace NanoBanana.Tests.Api;

public class SseParserTests
{
    private static List<SseEvent> Parse(params string[] chunks)
    {
        var parser = new SseParser();
        var events = new List<SseEvent>();
        foreach (var chunk in chunks)
        {
            parser.Feed(chunk.AsSpan(), events);
        }

        parser.Complete();
        return events;
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    [InlineData("\r")]
    public void Dispatches_an_event_per_blank_line_with_any_line_ending(string eol)
    {
        var events = Parse($"data: {{\"a\":1}}{eol}{eol}data: two{eol}{eol}");

        Assert.Equal(["{\"a\":1}", "two"], events.Select(e => e.Data));
        Assert.All(events, e => Assert.Equal("message", e.Type));
    }

    [Fact]
    public void Joins_an_event_split_across_chunks_anywhere_even_between_cr_and_lf()
    {
        var events = Parse("da", "ta: {\"type\":\"sta", "tus\"}\r", "\n\r", "\ndata: next\r\n\r\n");

        Assert.Equal(["{\"type\":\"status\"}", "next"], events.Select(e => e.Data));
    }

    [Fact]
    public void Reads_several_events_from_one_chunk()
    {
        Assert.Equal(3, Parse("data: 1\n\ndata: 2\n\ndata: 3\n\n").Count);
    }

    [Fact]
    public void Ignores_comments_unknown_fields_and_retry_and_keeps_the_event_name_and_id()
    {
        var events = Parse(": ping\n\nretry: 100\nfoo: bar\nevent: update\nid: 7\ndata: x\n\n");

        var only = Assert.Single(events);
        Assert.Equal(("update", "x", "7"), (only.Type, only.Data, only.LastEventId));
    }

    [Fact]
    public void Removes_exactly_one_space_after_the_colon()
    {
        var events = Parse("data:no-space\n\ndata:  two-spaces\n\n");

        Assert.Equal(["no-space", " two-spaces"], events.Select(e => e.Data));
    }

    [Fact]
    public void Joins_multi_line_data_with_line_feeds()
    {
        Assert.Equal("first\nsecond", Assert.Single(Parse("data: first\ndata: second\n\n")).Data);
    }

    [Fact]
    public void Discards_a_final_event_without_its_blank_line()
    {
        var events = Parse("data: complete\n\ndata: {\"type\":\"complete\"}\n");

        Assert.Equal(["complete"], events.Select(e => e.Data));
    }

    [Fact]
    public void Skips_a_leading_byte_order_mark_and_a_blank_line_without_data()
    {
        var events = Parse("\uFEFFdata: a\n\n\n\nevent: lonely\n\n");

        Assert.Equal(["a"], events.Select(e => e.Data));
    }

    [Fact]
    public void Treats_a_line_without_colon_as_a_field_with_empty_value()
    {
        Assert.Equal("", Assert.Single(Parse("data\n\n")).Data);
    }
}

public class SseParserLimitTests
{
    [Fact]
    public void A_line_longer_than_the_limit_is_a_protocol_error_even_when_it_arrives_in_pieces()
    {
        var parser = new SseParser();
        var piece = new string('x', SseParser.MaxLineLength / 4);

        var e = Assert.Throws<NbApiException>(() =>
        {
            for (var i = 0; i < 5; i++)
            {
                parser.Feed(piece.AsSpan(), []);
            }
        });

        Assert.Equal(NbErrorKind.ProtocolError, e.Kind);
    }

    [Fact]
    public void An_events_data_longer_than_the_limit_is_a_protocol_error()
    {
        var parser = new SseParser();
        var line = "data: " + new string('x', SseParser.MaxDataLength / 4) + "\n";

        var e = Assert.Throws<NbApiException>(() =>
        {
            for (var i = 0; i < 5; i++)
            {
                parser.Feed(line.AsSpan(), []);
            }
        });

        Assert.Equal(NbErrorKind.ProtocolError, e.Kind);
    }

    [Fact]
    public void Completing_hands_back_the_unterminated_event_without_dispatching_it()
    {
        var parser = new SseParser();
        var events = new List<SseEvent>();
        parser.Feed("data: {\"a\":1}\n\ndata: {\"generationId\":\"g1\"}\n".AsSpan(), events);

        var pending = parser.Complete();

        Assert.Single(events);
        Assert.Equal("{\"generationId\":\"g1\"}", pending);
        Assert.Null(new SseParser().Complete());
    }
}
