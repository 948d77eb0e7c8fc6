using System.Text;
using System.Text.Json;

namespace NanoBanana.Tests.Emulator;

/// <summary>A stream response as it arrived: each read separately, and the events a WHATWG parser would dispatch.</summary>
internal sealed class SseCapture
{
    private readonly List<byte[]> chunks;

    private SseCapture(List<byte[]> chunks, bool broken)
    {
        this.chunks = chunks;
        Broken = broken;
    }

    /// <summary>What each read returned (ASCII-safe view, for counting and splitting checks).</summary>
    public List<string> Reads => [.. chunks.Select(c => Encoding.UTF8.GetString(c))];

    /// <summary>The connection failed before a clean end of the body.</summary>
    public bool Broken { get; }

    public string Text => Encoding.UTF8.GetString([.. chunks.SelectMany(c => c)]);

    /// <summary>The data of every dispatched event (comments and unknown fields skipped, an unterminated last event dropped).</summary>
    public List<string> Data
    {
        get
        {
            var lines = Text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n');
            var events = new List<string>();
            var data = new List<string>();
            foreach (var line in lines[..^1])
            {
                if (line.Length == 0)
                {
                    if (data.Count > 0)
                    {
                        events.Add(string.Join('\n', data));
                    }

                    data.Clear();
                }
                else if (line.StartsWith("data:", StringComparison.Ordinal))
                {
                    data.Add(line[5..].StartsWith(' ') ? line[6..] : line[5..]);
                }
            }

            return events;
        }
    }

    public List<JsonElement> Events => [.. Data.Where(d => d.StartsWith('{')).Select(d => JsonDocument.Parse(d).RootElement.Clone())];

    public static async Task<SseCapture> ReadAsync(HttpResponseMessage response)
    {
        var chunks = new List<byte[]>();
        var buffer = new byte[64 * 1024];
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync();
            int read;
            while ((read = await stream.ReadAsync(buffer)) > 0)
            {
                chunks.Add(buffer[..read]);
            }
        }
        catch (Exception e) when (e is IOException or HttpRequestException)
        {
            return new SseCapture(chunks, broken: true);
        }

        return new SseCapture(chunks, broken: false);
    }
}
