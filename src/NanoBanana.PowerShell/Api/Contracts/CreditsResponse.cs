namespace NanoBanana.Api;

internal sealed class CreditsResponse
{
    public CreditsDto? Data { get; set; }
}
