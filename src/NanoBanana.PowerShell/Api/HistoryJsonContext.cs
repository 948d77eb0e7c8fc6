using System.Text.Json.Serialization;

namespace NanoBanana.Api;

/// <summary>How the history's records are written and read: camelCase, no nulls, source-generated.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(HistoryRecord))]
internal sealed partial class HistoryJsonContext : JsonSerializerContext
{
}
