using System.Text.Json.Serialization;

namespace NanoBanana.Api;

/// <summary>
/// The wire shapes of the API (docs/api.md, Endpoints) and how they are (de)serialized. Every field of a shape is optional here;
/// <see cref="Responses"/> checks what must be present and turns the shapes into the module's types.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    PropertyNameCaseInsensitive = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ModelsResponse))]
[JsonSerializable(typeof(CreditsResponse))]
[JsonSerializable(typeof(GenerateRequestDto))]
[JsonSerializable(typeof(GenerateResponse))]
[JsonSerializable(typeof(GenerationResponse))]
[JsonSerializable(typeof(StreamEventDto))]
[JsonSerializable(typeof(string))]
internal sealed partial class ApiJsonContext : JsonSerializerContext
{
}
