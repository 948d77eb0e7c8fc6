using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.WebUtilities;

namespace NanoBanana.Emulator;

/// <summary>CONNECT tunnels. Kestrel's HTTP/1.1 server parses CONNECT but cannot hand the connection over as a
/// tunnel, so a connection that opens with CONNECT is served here, before Kestrel's HTTP handling, and any other
/// passes on to it untouched.</summary>
internal sealed partial class ForwardProxy
{
    private const int MaxHeadBytes = 32 * 1024;
    private static readonly byte[] ConnectPrefix = "CONNECT "u8.ToArray();

    /// <summary>Kestrel connection middleware for the proxy's listener.</summary>
    public async Task TunnelOrPassOnAsync(ConnectionContext connection, Func<Task> next)
    {
        using var closing = CancellationTokenSource.CreateLinkedTokenSource(connection.ConnectionClosed, stopping.Token);
        try
        {
            if (!await StartsWithConnectAsync(connection.Transport.Input, closing.Token))
            {
                await next();
                return;
            }

            await TunnelAsync(connection, closing.Token);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException)
        {
            connection.Abort();
        }
    }

    /// <summary>Looks at the first bytes without consuming them.</summary>
    private static async Task<bool> StartsWithConnectAsync(PipeReader input, CancellationToken cancellationToken)
    {
        while (true)
        {
            var read = await input.ReadAsync(cancellationToken);
            var buffer = read.Buffer;
            if (buffer.Length >= ConnectPrefix.Length || read.IsCompleted)
            {
                var isConnect = buffer.Length >= ConnectPrefix.Length && buffer.Slice(0, ConnectPrefix.Length).ToArray().AsSpan().SequenceEqual(ConnectPrefix);
                input.AdvanceTo(buffer.Start);
                return isConnect;
            }

            input.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private async Task TunnelAsync(ConnectionContext connection, CancellationToken cancellationToken)
    {
        var head = await ReadHeadAsync(connection.Transport.Input, cancellationToken);
        var requestLine = head?[0].Split(' ');
        if (head is null || requestLine is not [_, var authority, _])
        {
            await RespondAsync(connection.Transport.Output, StatusCodes.Status400BadRequest, null, cancellationToken);
            return;
        }

        var headers = Headers(head[1..]);
        var entry = Record("CONNECT", authority, headers, key: null);
        if (!Uri.TryCreate("tcp://" + authority, UriKind.Absolute, out var target) || target.Port <= 0)
        {
            target = null;
        }

        if (Refusal(headers.GetValueOrDefault("Proxy-Authorization"), target) is var (status, _))
        {
            await RespondAsync(connection.Transport.Output, status, status == StatusCodes.Status407ProxyAuthenticationRequired
                ? $"Proxy-Authenticate: Basic realm=\"{Realm}\"\r\n" : null, cancellationToken);
            entry.Finish(status);
            return;
        }

        using var upstreamSocket = new TcpClient();
        try
        {
            await upstreamSocket.ConnectAsync(target!.IdnHost, target.Port, cancellationToken);
        }
        catch (SocketException)
        {
            await RespondAsync(connection.Transport.Output, StatusCodes.Status502BadGateway, null, cancellationToken);
            entry.Finish(StatusCodes.Status502BadGateway);
            return;
        }

        await connection.Transport.Output.WriteAsync("HTTP/1.1 200 Connection established\r\n\r\n"u8.ToArray(), cancellationToken);
        entry.Finish(StatusCodes.Status200OK);
        await RelayAsync(connection.Transport, upstreamSocket, cancellationToken);
    }

    /// <summary>Copies both ways until the target closes; the client's end of sending is passed on as a half-close.</summary>
    private static async Task RelayAsync(IDuplexPipe client, TcpClient target, CancellationToken cancellationToken)
    {
        var targetStream = target.GetStream();
        using var stopUpload = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        async Task UploadAsync()
        {
            await client.Input.CopyToAsync(targetStream, stopUpload.Token);
            target.Client.Shutdown(SocketShutdown.Send);
        }

        var upload = UploadAsync();
        try
        {
            await targetStream.CopyToAsync(client.Output, cancellationToken);
        }
        finally
        {
            await stopUpload.CancelAsync();
            await upload.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <returns>The request line and header lines, or null when the client closed or sent too much before the blank line.</returns>
    private static async Task<string[]?> ReadHeadAsync(PipeReader input, CancellationToken cancellationToken)
    {
        while (true)
        {
            var read = await input.ReadAsync(cancellationToken);
            var reader = new SequenceReader<byte>(read.Buffer);
            if (reader.TryReadTo(out ReadOnlySequence<byte> head, "\r\n\r\n"u8))
            {
                var lines = Encoding.Latin1.GetString(head).Split("\r\n");
                input.AdvanceTo(reader.Position);
                return lines;
            }

            if (read.IsCompleted || read.Buffer.Length > MaxHeadBytes)
            {
                input.AdvanceTo(read.Buffer.End);
                return null;
            }

            input.AdvanceTo(read.Buffer.Start, read.Buffer.End);
        }
    }

    private static Dictionary<string, string> Headers(IEnumerable<string> lines)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines)
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                var (name, value) = (line[..colon].Trim(), line[(colon + 1)..].Trim());
                headers[name] = headers.TryGetValue(name, out var earlier) ? $"{earlier}, {value}" : value;
            }
        }

        return headers;
    }

    /// <param name="header">Null, or one more header line with its CRLF.</param>
    private static async Task RespondAsync(PipeWriter output, int status, string? header, CancellationToken cancellationToken) =>
        await output.WriteAsync(Encoding.Latin1.GetBytes(
            $"HTTP/1.1 {status} {ReasonPhrases.GetReasonPhrase(status)}\r\n{header}Content-Length: 0\r\nConnection: close\r\n\r\n"),
            cancellationToken);
}
