namespace NanoBanana.Api;

internal sealed class GenerationResponse
{
    public GenerationDto? Data { get; set; }
}
