using System;
using System.Collections.Generic;
using System.Text;

namespace NanoBanana.Api;

/// <summary>
/// An incremental parser for <c>text/event-stream</c>, following the WHATWG "interpreting an event stream" rules:
/// LF, CR and CRLF line ends (also when CR and LF arrive in different chunks), comments, one optional space after
/// the colon, multi-line data, and an unterminated final event discarded at the end of the stream.
/// Only the current line and the current event are held in memory.
/// </summary>
internal sealed class SseParser
{
    /// <summary>The longest line, in characters, the parser holds; a longer one is a protocol error.</summary>
    public const int MaxLineLength = 1024 * 1024;

    /// <summary>The most data, in characters, one event may carry.</summary>
    public const int MaxDataLength = 1024 * 1024;

    private readonly StringBuilder line = new();
    private readonly StringBuilder data = new();
    private string eventType = "";
    private string lastEventId = "";
    private bool lastCharWasCr;
    private bool atStart = true;

    /// <summary>Feeds the next chunk of decoded text; events completed by it are added to <paramref name="events"/>.</summary>
    public void Feed(ReadOnlySpan<char> chunk, List<SseEvent> events)
    {
        foreach (var c in chunk)
        {
            if (atStart)
            {
                atStart = false;
                if (c == '\uFEFF')
                {
                    continue;
                }
            }

            if (c == '\n' && lastCharWasCr)
            {
                lastCharWasCr = false;
                continue;
            }

            lastCharWasCr = c == '\r';
            if (c is '\r' or '\n')
            {
                ProcessLine(events);
                line.Clear();
            }
            else if (line.Length < MaxLineLength)
            {
                line.Append(c);
            }
            else
            {
                throw Responses.Malformed("the event stream", $"a line longer than {MaxLineLength} characters");
            }
        }
    }

    /// <summary>
    /// Ends the stream: a pending line or event that was not terminated is not dispatched. Its data is returned (null
    /// when there is none), not to be trusted as an event, but for what it may name, such as a generation id.
    /// </summary>
    public string? Complete()
    {
        if (line.Length > 0)
        {
            ProcessLine([]);
        }

        var pending = data.Length > 0 ? data.ToString(0, data.Length - 1) : null;
        line.Clear();
        data.Clear();
        eventType = "";
        return pending;
    }

    private void ProcessLine(List<SseEvent> events)
    {
        if (line.Length == 0)
        {
            Dispatch(events);
            return;
        }

        if (line[0] == ':')
        {
            return;
        }

        var (field, value) = SplitField(line.ToString());
        switch (field)
        {
            case "event":
                eventType = value;
                break;
            case "data" when data.Length + value.Length < MaxDataLength:
                data.Append(value).Append('\n');
                break;
            case "data":
                throw Responses.Malformed("the event stream", $"an event with more than {MaxDataLength} characters " +
                    "of data");
            case "id" when value.IndexOf('\0') < 0:
                lastEventId = value;
                break;
            default:
                break;
        }
    }

    /// <summary>The field name before the first colon and the value after it, without one leading space.</summary>
    private static (string Field, string Value) SplitField(string text)
    {
        var colon = text.IndexOf(':');
        if (colon < 0)
        {
            return (text, "");
        }

        var start = colon + 1 < text.Length && text[colon + 1] == ' ' ? colon + 2 : colon + 1;
        return (text.Substring(0, colon), text.Substring(start));
    }

    private void Dispatch(List<SseEvent> events)
    {
        if (data.Length == 0)
        {
            eventType = "";
            return;
        }

        data.Length--;
        events.Add(new SseEvent(eventType.Length == 0 ? "message" : eventType, data.ToString(), lastEventId));
        data.Clear();
        eventType = "";
    }
}
