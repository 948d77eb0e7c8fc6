namespace NanoBanana.Api;

internal sealed class CreditsDto
{
    public int? Credits { get; set; }
}
