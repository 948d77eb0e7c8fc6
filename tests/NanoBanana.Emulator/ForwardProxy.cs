using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace NanoBanana.Emulator;

/// <summary>The third listener: a forward HTTP proxy for loopback targets, so clients' proxy settings can be tested
/// against a real proxy. It forwards absolute-form requests (here) and opens CONNECT tunnels (ForwardProxyTunnel.cs),
/// optionally asking for Basic credentials (<see cref="EmulatorState.Proxy"/>). Every request it receives is logged
/// with origin proxy, its absolute target (without the query) as the path; what it forwards is logged again by the
/// API or CDN origin.</summary>
internal sealed partial class ForwardProxy(EmulatorState state) : IDisposable
{
    public const string Realm = "nano-banana-emulator";

    /// <summary>Hop-by-hop headers (RFC 9110 7.6.1), and Host, which follows the target URL.</summary>
    private static readonly HashSet<string> NotForwarded = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Proxy-Authenticate", "Proxy-Authorization", "Proxy-Connection",
        "TE", "Trailer", "Transfer-Encoding", "Upgrade", "Host",
    };

    private readonly CancellationTokenSource stopping = new();

    private readonly HttpMessageInvoker upstream = new(new SocketsHttpHandler
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        UseCookies = false,
        AutomaticDecompression = System.Net.DecompressionMethods.None,
        ActivityHeadersPropagator = null,
        ConnectTimeout = TimeSpan.FromSeconds(5),
    });

    public async Task ForwardAsync(HttpContext context)
    {
        var rawTarget = context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget;
        var entry = Record(context.Request.Method, rawTarget,
            context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            BearerKey.From(context.Request));
        Uri.TryCreate(rawTarget, UriKind.Absolute, out var target);
        if (target?.Scheme is not ("http" or "https"))
        {
            target = null;
        }

        if (Refusal(context.Request.Headers.ProxyAuthorization, target) is var (status, error))
        {
            if (status == StatusCodes.Status407ProxyAuthenticationRequired)
            {
                context.Response.Headers.ProxyAuthenticate = $"Basic realm=\"{Realm}\"";
            }

            await EmulatorJson.WriteErrorAsync(context, status, error);
            entry.Finish(status);
            return;
        }

        try
        {
            await RelayAsync(context, target!);
            entry.Finish(context.Response.StatusCode);
        }
        catch (HttpRequestException e) when (!context.Response.HasStarted)
        {
            await EmulatorJson.WriteErrorAsync(context, StatusCodes.Status502BadGateway, $"The proxy could not reach {target!.Authority}: {e.Message}");
            entry.Finish(StatusCodes.Status502BadGateway);
        }
        catch (IOException)
        {
            ConnectionReset.Abort(context);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
        }
    }

    /// <summary>Ends open tunnels; forwarded requests end with their listener.</summary>
    public void Stop() => stopping.Cancel();

    public void Dispose()
    {
        stopping.Dispose();
        upstream.Dispose();
    }

    /// <exception cref="HttpRequestException">The target could not be reached or broke off before its response headers.</exception>
    /// <exception cref="IOException">The target broke off in the middle of the response body.</exception>
    private async Task RelayAsync(HttpContext context, Uri target)
    {
        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), target);
        if (context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == true)
        {
            request.Content = new StreamContent(context.Request.Body);
        }

        var named = ConnectionOptions(context.Request.Headers.Connection);
        foreach (var (name, values) in context.Request.Headers)
        {
            if (!NotForwarded.Contains(name) && !named.Contains(name) && !request.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values))
            {
                request.Content?.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }

        using var response = await upstream.SendAsync(request, context.RequestAborted);
        context.Response.StatusCode = (int)response.StatusCode;
        named = ConnectionOptions(response.Headers.Connection);
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            if (!NotForwarded.Contains(name) && !named.Contains(name))
            {
                context.Response.Headers[name] = values.ToArray();
            }
        }

        await using var body = await response.Content.ReadAsStreamAsync(context.RequestAborted);
        // Kestrel flushes every write, so each chunk (an SSE event, a slice of an image) goes out as it arrives.
        await body.CopyToAsync(context.Response.Body, context.RequestAborted);
    }

    private static HashSet<string> ConnectionOptions(IEnumerable<string?> connection) =>
        new(connection.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)),
            StringComparer.OrdinalIgnoreCase);

    /// <returns>Null to go ahead, else the status and error to refuse with.</returns>
    private (int Status, string Error)? Refusal(string? proxyAuthorization, Uri? target)
    {
        if (!IsAuthorized(proxyAuthorization))
        {
            return (StatusCodes.Status407ProxyAuthenticationRequired, "Proxy authentication required");
        }

        if (target is null)
        {
            return (StatusCodes.Status400BadRequest, "A proxy request needs an absolute target: http://host:port/path, or CONNECT host:port");
        }

        if (!target.IsLoopback)
        {
            return (StatusCodes.Status403Forbidden, "The emulator's proxy only forwards to loopback targets (127.0.0.1, ::1, localhost)");
        }

        return null;
    }

    private bool IsAuthorized(string? proxyAuthorization)
    {
        if (state.Proxy.RequireCredentials is not { } required)
        {
            return true;
        }

        const string scheme = "Basic ";
        if (proxyAuthorization is null || !proxyAuthorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        try
        {
            var userAndPassword = Encoding.UTF8.GetString(Convert.FromBase64String(proxyAuthorization[scheme.Length..].Trim()));
            return userAndPassword == $"{required.User}:{required.Password}";
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <param name="target">The request target as received: an absolute URL, or host:port for CONNECT.</param>
    private LoggedRequest Record(string method, string target, IReadOnlyDictionary<string, string> headers, string? key)
    {
        var queryStart = target.IndexOf('?', StringComparison.Ordinal);
        var entry = new LoggedRequest
        {
            Time = DateTimeOffset.UtcNow,
            Origin = RequestOrigin.Proxy,
            Method = method,
            Path = queryStart < 0 ? target : target[..queryStart],
            Query = queryStart < 0 ? "" : target[queryStart..],
            Headers = headers,
            Key = key,
        };
        state.Log.Add(entry);
        return entry;
    }
}

/// <summary>What the forward proxy asks of its clients.</summary>
public sealed record ProxySettings
{
    /// <summary>Null: anyone may use the proxy. Else requests need <c>Proxy-Authorization: Basic</c> with these, or get 407.</summary>
    public ProxyCredentials? RequireCredentials { get; init; }
}

public sealed record ProxyCredentials(string User, string Password);
