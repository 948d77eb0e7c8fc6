using System.Net.Http.Headers;

namespace NanoBanana.Api;

/// <summary>
/// An API key and where it came from. The text leaves this type only as an Authorization header for the API origin.
/// </summary>
internal sealed class ApiKey
{
    private readonly string value;

    public ApiKey(string value, string source)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new NbApiException(NbErrorKind.InvalidRequest, "The API key is empty.");
        }

        this.value = value.Trim();
        Source = source;
    }

    /// <summary>Where the key was found, e.g. "the -ApiKey parameter" or "NANO_BANANA_API_KEY".</summary>
    public string Source { get; }

    public AuthenticationHeaderValue ToAuthorizationHeader() => new("Bearer", value);

    public override string ToString() => $"{Secrets.Mask} (from {Source})";
}
