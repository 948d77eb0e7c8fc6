using System;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Reflection;

namespace NanoBanana.Api;

/// <summary>
/// The process's HttpClients, one per handler configuration, so connections are reused across calls. API clients
/// never follow redirects; download clients do, and no client carries the key by default (it is set per request).
/// </summary>
internal static class HttpClients
{
    private static readonly ConcurrentDictionary<(bool ForApi, ProxySettings Proxy), HttpClient> Clients = new();

    public static readonly ProductInfoHeaderValue UserAgent = new("NanoBanana.PowerShell", ModuleVersion);

    public static HttpClient ForApi(ProxySettings proxy) => Clients.GetOrAdd((true, proxy), Create);

    public static HttpClient ForDownloads(ProxySettings proxy) => Clients.GetOrAdd((false, proxy), Create);

    private static HttpClient Create((bool ForApi, ProxySettings Proxy) configuration)
    {
#pragma warning disable CA2000 // The handler is owned by the client, which lives as long as the process.
        var handler = new HttpClientHandler
        {
            AllowAutoRedirect = !configuration.ForApi,
            AutomaticDecompression = configuration.ForApi
                ? DecompressionMethods.GZip | DecompressionMethods.Deflate : DecompressionMethods.None,
            MaxConnectionsPerServer = 64,

            // One client serves every runspace and key of the process: a shared cookie jar would mix them.
            UseCookies = false,
        };
#pragma warning restore CA2000
        configuration.Proxy.ApplyTo(handler);
        var client = new HttpClient(handler, disposeHandler: true)
        {
            Timeout = System.Threading.Timeout.InfiniteTimeSpan,
        };
        client.DefaultRequestHeaders.UserAgent.Add(UserAgent);
        return client;
    }

    /// <summary>The module's version, "0.1.0".</summary>
    public static string ModuleVersion => ReadVersion();

    private static string ReadVersion()
    {
        var version = typeof(HttpClients).Assembly.GetName().Version ?? new Version(0, 0, 0);
        return $"{version.Major}.{version.Minor}.{version.Build}";
    }
}
