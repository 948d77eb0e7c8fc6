using System;
using System.Management.Automation;
using System.Security;
using NanoBanana.Api;

namespace NanoBanana.Commands;

/// <summary>
/// <para type="synopsis">Stores an API key (and optionally the API's address) for the rest of the session.</para>
/// <para type="description">Checks the key with GET /credits and remembers it in this PowerShell session only; nothing is written to disk. The module's cmdlets then use it unless they get -ApiKey. Key precedence: -ApiKey on the call, then Connect-NbAccount, then the NANO_BANANA_API_KEY environment variable, then NB_API_KEY.</para>
/// </summary>
[Cmdlet(VerbsCommunications.Connect, "NbAccount")]
[OutputType(typeof(NbAccount))]
public sealed class ConnectNbAccountCommand : NbServiceCmdlet
{
    /// <summary>
    /// <para type="description">The API key (nb_...), as a SecureString; a plain string is accepted.</para>
    /// </summary>
    [Parameter(Mandatory = true, Position = 0)]
    [SecureStringTransformation]
    public SecureString ApiKey { get; set; } = null!;

    /// <summary>
    /// <para type="description">The API's base URL, e.g. https://www.nananobanana.com/api/v1 or the emulator's address. Without it: NANO_BANANA_BASE_URL, else the public service.</para>
    /// </summary>
    [Parameter]
    public Uri? BaseUri { get; set; }

    /// <summary>
    /// <para type="description">A proxy for every request of the session (API calls and image downloads), e.g. http://proxy.example:8080. Without it the system's proxy settings apply: on Linux and macOS the HTTPS_PROXY, HTTP_PROXY and NO_PROXY environment variables.</para>
    /// </summary>
    [Parameter]
    public Uri? Proxy { get; set; }

    /// <summary>
    /// <para type="description">The user name and password for -Proxy.</para>
    /// </summary>
    [Parameter]
    [Credential]
    public PSCredential? ProxyCredential { get; set; }

    /// <summary>
    /// <para type="description">Authenticates to -Proxy as the current user (Windows integrated authentication).</para>
    /// </summary>
    [Parameter]
    public SwitchParameter ProxyUseDefaultCredentials { get; set; }

    /// <summary>
    /// <para type="description">Stores the key without checking it with the service.</para>
    /// </summary>
    [Parameter]
    public SwitchParameter SkipValidation { get; set; }

    /// <summary>
    /// <para type="description">Emits a NanoBanana.NbAccount with the address and the balance.</para>
    /// </summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <inheritdoc/>
    protected override void EndProcessing()
    {
        var session = Session;
        Uri? explicitBase = null;
        ApiKey key;
        ProxySettings proxy;
        try
        {
            explicitBase = BaseUri is null ? null : ApiEndpoint.ParseBaseUri(BaseUri.OriginalString, "-BaseUri");
            key = new ApiKey(Reveal(ApiKey), "Connect-NbAccount");
            proxy = ProxySettingsFromParameters();
        }
        catch (NbApiException e)
        {
            ThrowTerminatingError(ErrorRecords.From(e, null));
            return;
        }

        var endpoint = new ApiEndpoint(explicitBase ?? session.BaseUri ?? BaseUriFromEnvironment(), key, proxy);
        var credits = SkipValidation ? null : CheckKey(endpoint);

        session.Key = key;
        session.BaseUri = explicitBase ?? session.BaseUri;
        session.Proxy = proxy;
        WriteVerbose($"Connected to {endpoint.BaseUri}; the key is kept in this session only.");
        if (PassThru)
        {
            WriteObject(new NbAccount
            {
                BaseUri = endpoint.BaseUri,
                Credits = credits,
                Validated = !SkipValidation,
                Proxy = Proxy,
            });
        }
    }

    /// <summary>The balance, read with the key; a refused key terminates the command.</summary>
    private int? CheckKey(ApiEndpoint endpoint)
    {
        try
        {
            return Run(new NbApiClient(endpoint, CreateRequestOptions()).GetCreditsAsync).Credits;
        }
        catch (NbApiException e)
        {
            ThrowTerminatingError(ErrorRecords.From(e, endpoint.BaseUri));
            return null;
        }
    }

    private ProxySettings ProxySettingsFromParameters()
    {
        if (Proxy is null)
        {
            return ProxyCredential is null && !ProxyUseDefaultCredentials
                ? ProxySettings.System
                : throw new NbApiException(NbErrorKind.InvalidRequest, "-ProxyCredential and " +
                    "-ProxyUseDefaultCredentials need -Proxy.");
        }

        if (!Proxy.IsAbsoluteUri || Proxy.Scheme is not ("http" or "https"))
        {
            throw new NbApiException(NbErrorKind.InvalidRequest, $"The proxy '{Proxy}' is not an absolute http(s) " +
                "URL such as http://proxy.example:8080.");
        }

        if (ProxyCredential is not null && ProxyUseDefaultCredentials)
        {
            throw new NbApiException(NbErrorKind.InvalidRequest, "Use either -ProxyCredential or " +
                "-ProxyUseDefaultCredentials, not both.");
        }

        return new ProxySettings(Proxy, ProxyCredential?.GetNetworkCredential(), ProxyUseDefaultCredentials);
    }
}
