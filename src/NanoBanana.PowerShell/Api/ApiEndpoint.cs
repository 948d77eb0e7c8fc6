using System;

namespace NanoBanana.Api;

/// <summary>Where the API is, the key to use there and how to get there.</summary>
internal sealed class ApiEndpoint
{
    public const string DefaultBaseUrl = "https://www.nananobanana.com/api/v1";

    public ApiEndpoint(Uri baseUri, ApiKey? key, ProxySettings? proxy = null)
    {
        BaseUri = baseUri;
        Key = key;
        Proxy = proxy ?? ProxySettings.System;
    }

    /// <summary>The API root without a trailing slash, e.g. <c>https://www.nananobanana.com/api/v1</c>.</summary>
    public Uri BaseUri { get; }

    public ApiKey? Key { get; }

    public ProxySettings Proxy { get; }

    public Uri Resolve(string pathAndQuery) => new(BaseUri.AbsoluteUri.TrimEnd('/') + pathAndQuery);

    /// <summary>
    /// Checks a base URL from the user: absolute, http(s), no query, and plain http only for loopback hosts so the
    /// key never crosses a network unencrypted.
    /// </summary>
    /// <param name="source">Where the text came from, for the message, e.g. "NANO_BANANA_BASE_URL".</param>
    public static Uri ParseBaseUri(string text, string source)
    {
        if (!Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps
            && uri.Scheme != Uri.UriSchemeHttp))
        {
            throw new NbApiException(NbErrorKind.InvalidRequest, $"The base URL '{text}' from {source} is not an " +
                $"absolute http(s) URL such as {DefaultBaseUrl}.");
        }

        if (uri.Scheme == Uri.UriSchemeHttp && !uri.IsLoopback)
        {
            throw new NbApiException(NbErrorKind.InvalidRequest, $"The base URL '{uri.GetLeftPart(UriPartial.Path)}' " +
                $"from {source} uses plain http, which would send the API key unencrypted. Use https; plain http is " +
                "allowed only for loopback hosts (localhost, 127.0.0.1, ::1), such as the emulator.");
        }

        if (uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0)
        {
            throw new NbApiException(NbErrorKind.InvalidRequest, $"The base URL from {source} must not carry a " +
                $"query, fragment or user name: use e.g. {DefaultBaseUrl}.");
        }

        return new Uri(uri.GetLeftPart(UriPartial.Path).TrimEnd('/'));
    }
}
