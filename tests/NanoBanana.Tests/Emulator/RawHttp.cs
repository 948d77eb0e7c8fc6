using System.Net.Sockets;
using System.Text;

namespace NanoBanana.Tests.Emulator;

/// <summary>HTTP/1.1 over a bare socket, to see a response body framed exactly as the server wrote it.</summary>
internal static class RawHttp
{
    /// <returns>The chunks of a chunked response body, one per server write, whatever the client's read timing.</returns>
    public static async Task<List<string>> PostChunksAsync(Uri url, string key, string json)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(url.Host, url.Port);
        await using var stream = tcp.GetStream();
        var body = Encoding.UTF8.GetBytes(json);
        var head = $"POST {url.PathAndQuery} HTTP/1.1\r\nHost: {url.Authority}\r\nAuthorization: Bearer {key}\r\n"
            + $"Content-Type: application/json\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        await stream.WriteAsync(body);
        using var received = new MemoryStream();
        await stream.CopyToAsync(received);

        var response = Encoding.UTF8.GetString(received.ToArray());
        var bodyStart = response.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4;
        Assert.Contains("Transfer-Encoding: chunked", response[..bodyStart], StringComparison.OrdinalIgnoreCase);
        var chunks = new List<string>();
        for (var position = bodyStart; ;)
        {
            var sizeEnd = response.IndexOf("\r\n", position, StringComparison.Ordinal);
            var size = Convert.ToInt32(response[position..sizeEnd], 16);
            if (size == 0)
            {
                return chunks;
            }

            chunks.Add(response.Substring(sizeEnd + 2, size));
            position = sizeEnd + 2 + size + 2;
        }
    }
}
