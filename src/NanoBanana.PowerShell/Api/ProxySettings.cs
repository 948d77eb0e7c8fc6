using System;
using System.Net;
using System.Net.Http;

namespace NanoBanana.Api;

/// <summary>How to reach the internet: the system's proxy settings (HTTPS_PROXY, NO_PROXY) by default, or an explicit proxy.</summary>
internal sealed record ProxySettings(
    Uri? Proxy = null,
    NetworkCredential? Credential = null,
    bool UseDefaultCredentials = false)
{
    public static readonly ProxySettings System = new();

    /// <summary>Equal settings share one HttpClient, so credentials compare by value, not by instance.</summary>
    public bool Equals(ProxySettings? other) =>
        other is not null
        && Proxy == other.Proxy
        && UseDefaultCredentials == other.UseDefaultCredentials
        && Credential?.UserName == other.Credential?.UserName
        && Credential?.Password == other.Credential?.Password
        && Credential?.Domain == other.Credential?.Domain;

    public override int GetHashCode() => (Proxy, UseDefaultCredentials, Credential?.UserName).GetHashCode();

    public void ApplyTo(HttpClientHandler handler)
    {
        if (Proxy is null)
        {
            return;
        }

        handler.UseProxy = true;
        handler.Proxy = new WebProxy(Proxy)
        {
            Credentials = UseDefaultCredentials ? CredentialCache.DefaultCredentials : Credential,
        };
    }
}
