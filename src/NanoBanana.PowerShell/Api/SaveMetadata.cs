namespace NanoBanana.Api;

/// <summary>
/// What Save-NbImage records with an image: <paramref name="Record"/> embedded where the format allows it (PNG,
/// JPEG), else in a JSON sidecar; with <paramref name="AlwaysSidecar"/> the sidecar is written for every file.
/// </summary>
internal sealed record SaveMetadata(ImageProvenance Record, bool AlwaysSidecar);
