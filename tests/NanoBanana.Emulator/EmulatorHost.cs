using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using NanoBanana.Emulator.Imaging;

namespace NanoBanana.Emulator;

/// <summary>The running emulator: the API origin (with the /_emulator control API), the image CDN origin and a
/// forward proxy, all on 127.0.0.1. The one way to start it, for the command line and for in-process tests alike.</summary>
public sealed class EmulatorHost : IAsyncDisposable
{
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(2);

    private readonly WebApplication api;
    private readonly WebApplication cdn;
    private readonly WebApplication proxy;
    private readonly ForwardProxy forwardProxy;

    private EmulatorHost(WebApplication api, WebApplication cdn, WebApplication proxy, ForwardProxy forwardProxy, EmulatorState state)
    {
        this.api = api;
        this.cdn = cdn;
        this.proxy = proxy;
        this.forwardProxy = forwardProxy;
        var apiOrigin = ListeningOrigin(api);
        BaseUrl = new Uri(apiOrigin + ApiEndpoints.Root);
        ControlUrl = new Uri(apiOrigin + ControlEndpoints.Root);
        CdnUrl = new Uri(ListeningOrigin(cdn));
        ProxyUrl = new Uri(ListeningOrigin(proxy));
        State = state;
    }

    /// <summary>http://127.0.0.1:&lt;port&gt;/api/v1, without a trailing slash.</summary>
    public Uri BaseUrl { get; }

    public Uri ControlUrl { get; }

    public Uri CdnUrl { get; }

    /// <summary>The forward proxy, http://127.0.0.1:&lt;port&gt;/, for loopback targets only.</summary>
    public Uri ProxyUrl { get; }

    public string DemoKey => State.DemoKey;

    public EmulatorState State { get; }

    public static async Task<EmulatorHost> StartAsync(EmulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new EmulatorOptions();
        var state = new EmulatorState(options);

        var cdn = CreateApp(options.CdnPort);
        UseOriginPipeline(cdn, state, RequestOrigin.Cdn);
        CdnEndpoints.Map(cdn, state, new ImageStore());
        await cdn.StartAsync(cancellationToken);
        var cdnOrigin = ListeningOrigin(cdn);
        state.AttachCdn(new Uri(cdnOrigin));

        var forwardProxy = new ForwardProxy(state);
        var proxy = CreateApp(options.ProxyPort, listen => listen.Use((connection, next) => forwardProxy.TunnelOrPassOnAsync(connection, next)));
        proxy.Run(forwardProxy.ForwardAsync);
        await proxy.StartAsync(cancellationToken);

        var api = CreateApp(options.Port);
        api.Use((context, next) =>
        {
            context.Response.Headers["x-request-id"] = Guid.NewGuid().ToString("N");
            return next(context);
        });
        api.UseWhen(context => !context.Request.Path.StartsWithSegments(ControlEndpoints.Root),
            branch => UseOriginPipeline(branch, state, RequestOrigin.Api));
        ApiEndpoints.Map(api, state);
        ControlEndpoints.Map(api, state, cdnOrigin, ListeningOrigin(proxy));
        api.MapFallback(context => EmulatorJson.WriteErrorAsync(context, StatusCodes.Status404NotFound, "Not found"));
        await api.StartAsync(cancellationToken);

        return new EmulatorHost(api, cdn, proxy, forwardProxy, state);
    }

    public async ValueTask DisposeAsync()
    {
        forwardProxy.Stop();
        await proxy.StopAsync();
        await api.StopAsync();
        await cdn.StopAsync();
        await proxy.DisposeAsync();
        await api.DisposeAsync();
        await cdn.DisposeAsync();
        forwardProxy.Dispose();
    }

    private static WebApplication CreateApp(int port, Action<ListenOptions>? configureListener = null)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, port, listener => configureListener?.Invoke(listener));
            kestrel.Limits.MaxRequestBodySize = null;
        });
        builder.Services.AddRoutingCore();
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = ShutdownTimeout);
        builder.Services.AddSingleton<IHostLifetime, SignalFreeLifetime>();
        builder.Logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        app.Use(async (context, next) =>
        {
            using var abortedOrStopping = CancellationTokenSource.CreateLinkedTokenSource(
                context.RequestAborted, app.Lifetime.ApplicationStopping);
            context.RequestAborted = abortedOrStopping.Token;
            await next(context);
        });
        return app;
    }

    private static void UseOriginPipeline(IApplicationBuilder app, EmulatorState state, RequestOrigin origin)
    {
        app.UseMiddleware<RequestRecorder>(state, origin);
        app.UseMiddleware<FaultInjector>(state, origin);
    }

    private static string ListeningOrigin(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();

    /// <summary>Leaves Ctrl+C and SIGTERM to the caller, so hosting the emulator in a test process changes nothing there.</summary>
    private sealed class SignalFreeLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
