using System.Text.Json.Serialization;

namespace NanoBanana.Emulator;

internal sealed record ModelInfo(
    string Name,
    string DisplayName,
    int CreditsCost,
    bool SupportsImageInput,
    bool SupportsAspectRatio,
    bool RequiresPro)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Description { get; init; }

    [JsonIgnore]
    public int? MaxPromptLength { get; init; }

    [JsonIgnore]
    public bool AllowsExtremeAspectRatios => Name.StartsWith("nanobanan", StringComparison.Ordinal);
}

/// <summary>The live catalog as clients have seen it (docs/api.md, GET /models); <c>nano-banana</c> is an unlisted alias.</summary>
internal static class ModelCatalog
{
    public const string DefaultModel = "gemini-2.5-flash-image";
    private const string Alias = "nano-banana";

    public static readonly IReadOnlyList<ModelInfo> Listed =
    [
        new(DefaultModel, "Nano Banana", 1, true, true, false)
        {
            Description = "Fast image generation and editing",
        },
        new("nanobanan-2", "Nano Banan 2", 3, true, true, true),
        new("nanobanan-2-2k", "Nano Banan 2 2K", 4, true, true, true),
        new("nanobanan-2-4k", "Nano Banan 2 4K", 5, true, true, true),
        new("nanobanan2&pro", "Nano Banana Pro", 3, true, true, true)
        {
            Description = "Best quality and text rendering",
        },
        new("nanobanan2&pro-2k", "Nano Banana Pro 2K", 4, true, true, true),
        new("seedream-5.0-2k", "Seedream 5.0 2K", 2, true, true, false) { MaxPromptLength = 4000 },
        new("imagine_x_1", "Imagine X 1", 1, false, true, false),
        new("seedance-1.0-video", "Seedance 1.0 Video", 10, true, false, true)
        {
            Description = "Video generation, 5 second clips",
        },
    ];

    public static ModelInfo? Find(string name) =>
        Listed.FirstOrDefault(m => m.Name == (name == Alias ? DefaultModel : name));
}
