using System.Management.Automation;
using System.Security;
using NanoBanana.Api;

namespace NanoBanana.Commands;

/// <summary>The base of cmdlets that call the API with a key.</summary>
public abstract class NbApiCmdlet : NbServiceCmdlet
{
    /// <summary>
    /// <para type="description">The API key for this call (a SecureString; a plain string is accepted). Without it the key comes from Connect-NbAccount, then NANO_BANANA_API_KEY, then NB_API_KEY.</para>
    /// </summary>
    [Parameter]
    [SecureStringTransformation]
    public SecureString? ApiKey { get; set; }

    /// <summary>A client for the configured endpoint and key; requests given one <paramref name="backoff"/> pause together when the service is busy.</summary>
    internal NbApiClient CreateClient(SharedBackoff? backoff = null) =>
        new(
            ResolveEndpoint(ApiKey, MyInvocation.BoundParameters.ContainsKey(nameof(ApiKey))),
            CreateRequestOptions() with { Backoff = backoff });
}
