namespace NanoBanana.Api;

internal sealed class StreamEventDto
{
    public string? Type { get; set; }

    public string? Message { get; set; }

    public double? Progress { get; set; }

    public string? GenerationId { get; set; }

    public GenerateResponse? Data { get; set; }
}
