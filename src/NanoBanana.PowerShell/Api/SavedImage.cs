namespace NanoBanana.Api;

/// <summary>An image file written by <see cref="ImageDownloader"/>.</summary>
internal sealed record SavedImage(string Path);
