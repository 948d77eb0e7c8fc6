using System;
using System.Management.Automation;
using System.Net;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using NanoBanana.Api;

namespace NanoBanana.Commands;

/// <summary>The base of cmdlets that go over the network: retry parameters, deadlines, and the configured endpoint.</summary>
public abstract class NbServiceCmdlet : NbCmdlet
{
    internal const string KeyVariable = "NANO_BANANA_API_KEY";
    internal const string AlternateKeyVariable = "NB_API_KEY";
    internal const string BaseUrlVariable = "NANO_BANANA_BASE_URL";
    private int? timeoutSec;

    /// <summary>
    /// <para type="description">How many times a request is retried after a transient failure (connection failure, timeout, 408, 429, 5xx). A paid POST /generate is retried only when the service provably did not take it. Default 3. When given, it bounds every retry of the call, also the resubmissions of a generation the service refused as busy (without it those go on until -TimeoutSec); 0 means no retry at all.</para>
    /// </summary>
    [Parameter]
    [ValidateRange(0, 10)]
    public int MaximumRetryCount { get; set; } = RetryPolicy.DefaultMaxRetries;

    /// <summary>
    /// <para type="description">The wait before the first retry, in seconds; each further retry waits about twice as long (with jitter, at most 30 s). A Retry-After from the service wins. Default 1.</para>
    /// </summary>
    [Parameter]
    [ValidateRange(0, 60)]
    public double RetryIntervalSec { get; set; } = RetryPolicy.DefaultBaseDelay.TotalSeconds;

    /// <summary>
    /// <para type="description">How long the command may take, in seconds, before it gives up with an NbTimeout error: New-NbImage one generation (default 300), Save-NbImage one download, Wait-NbGeneration the whole wait (default 180), the other commands one request, which is retried within its own deadline (default 100).</para>
    /// </summary>
    [Parameter]
    [ValidateRange(1, 86400)]
    public int TimeoutSec
    {
        get => timeoutSec ?? (int)DefaultTimeout.TotalSeconds;
        set => timeoutSec = value;
    }

    /// <summary>-TimeoutSec when it is not given: one request's deadline, unless the cmdlet says otherwise.</summary>
    internal virtual TimeSpan DefaultTimeout => RequestOptions.DefaultTimeout;

    /// <summary>The deadline of one request: -TimeoutSec, unless the cmdlet gives it another meaning.</summary>
    internal virtual TimeSpan RequestTimeout => TimeSpan.FromSeconds(TimeoutSec);

    /// <summary>The session of this runspace.</summary>
    internal static NbSession Session => NbSession.Current;

    internal RequestOptions CreateRequestOptions() => RequestOptions.WithTimeout(
        RequestTimeout,
        new RetryPolicy(
            MaximumRetryCount,
            TimeSpan.FromSeconds(RetryIntervalSec),
            MyInvocation.BoundParameters.ContainsKey(nameof(MaximumRetryCount))),
        PostVerbose);

    /// <summary>The endpoint for a key given on the command line (or none); configuration errors terminate the command.</summary>
    /// <param name="keyGiven">-ApiKey was bound, even to null or an empty string: then it is the only key.</param>
    internal ApiEndpoint ResolveEndpoint(SecureString? explicitKey, bool keyGiven = false)
    {
        var session = Session;
        try
        {
            var key = keyGiven ? ApiKeys.Given(explicitKey) : ApiKeys.FromSession(session);
            var baseUri = session.BaseUri ?? BaseUriFromEnvironment();
            return new ApiEndpoint(baseUri, key, session.Proxy);
        }
        catch (NbApiException e)
        {
            ThrowTerminatingError(ErrorRecords.From(e, null));
            throw;
        }
    }

    internal static Uri BaseUriFromEnvironment() =>
        Environment.GetEnvironmentVariable(BaseUrlVariable) is { Length: > 0 } text
            ? ApiEndpoint.ParseBaseUri(text, $"the {BaseUrlVariable} environment variable")
            : new Uri(ApiEndpoint.DefaultBaseUrl);

    internal static string Reveal(SecureString secure) => new NetworkCredential(string.Empty, secure).Password;

    /// <summary>The session's model catalog, read from the service the first time (or with <paramref name="refresh"/>).</summary>
    internal static NbModel[] LoadCatalog(
        NbApiClient client,
        bool refresh,
        Func<Func<CancellationToken, Task<NbModel[]>>, NbModel[]> run)
    {
        if (!refresh && Session.CachedCatalog(client.Endpoint.BaseUri) is { } cached)
        {
            return cached;
        }

        var models = run(client.GetModelsAsync);
        Session.CacheCatalog(client.Endpoint.BaseUri, models);
        return models;
    }

    /// <summary>
    /// The catalog for cost estimates. Unless <paramref name="required"/>, best-effort: read without retries (an
    /// unreachable service then fails fast on the request that matters), and null, with a verbose note, when unreadable.
    /// </summary>
    internal NbModel[]? ReadCatalogForCosts(NbApiClient client, bool required)
    {
        try
        {
            var reader = required ? client : new NbApiClient(
                client.Endpoint,
                client.Options with { Retry = new RetryPolicy(0) });
            return LoadCatalog(reader, refresh: false, load => Run(load));
        }
        catch (NbApiException e)
        {
            WriteVerbose($"The model catalog could not be read, so costs cannot be estimated: {e.Message}");
            return null;
        }
    }

    /// <summary>The catalog for tab completion: cached, or read with a short deadline; empty when it cannot be had.</summary>
    internal static NbModel[] CatalogForCompletion()
    {
        try
        {
            var session = Session;
            var client = new NbApiClient(
                new ApiEndpoint(session.BaseUri ?? BaseUriFromEnvironment(), null, session.Proxy),
                RequestOptions.WithTimeout(TimeSpan.FromSeconds(3), new RetryPolicy(0)));
            return LoadCatalog(client, refresh: false, load => load(CancellationToken.None).GetAwaiter().GetResult());
        }
        catch (NbApiException)
        {
            return [];
        }
    }
}
