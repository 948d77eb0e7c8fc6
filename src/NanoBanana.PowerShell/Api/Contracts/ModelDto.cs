namespace NanoBanana.Api;

internal sealed class ModelDto
{
    public string? Name { get; set; }

    public string? DisplayName { get; set; }

    public int? CreditsCost { get; set; }

    public bool? SupportsImageInput { get; set; }

    public bool? SupportsAspectRatio { get; set; }

    public bool? RequiresPro { get; set; }

    public string? Description { get; set; }
}
