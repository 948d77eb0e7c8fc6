namespace NanoBanana.Api;

internal sealed class GenerateRequestDto
{
    public string Prompt { get; set; } = "";

    public string? SelectedModel { get; set; }

    public string? AspectRatio { get; set; }

    public string? Mode { get; set; }
}
