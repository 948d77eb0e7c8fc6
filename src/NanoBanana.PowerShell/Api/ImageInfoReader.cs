using System;
using System.IO;

namespace NanoBanana.Api;

/// <summary>
/// Reads what Get-NbImageInfo shows of an image file: format and size from its header, and what made it from the
/// module's metadata, embedded (XMP) or in a &lt;file&gt;.json sidecar. Only the header is read, never the pixels.
/// </summary>
internal static class ImageInfoReader
{
    /// <summary>The file's information; a file without the module's metadata has only Format, Width and Height.</summary>
    /// <exception cref="NbApiException">NbInvalidRequest: the file is missing, unreadable, or no PNG, JPEG, WebP or GIF
    /// image.</exception>
    public static NbImageInfo Read(string path)
    {
        ImageHeader? header;
        long length;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 4096);
            length = stream.Length;
            header = ImageHeader.Read(stream);
        }
        catch (Exception e) when (e is EndOfStreamException or InvalidDataException)
        {
            var why = e is EndOfStreamException ? "It ends inside its header." : e.Message;
            throw Refused($"'{path}' is not a readable image: {why}", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException
            or NotSupportedException)
        {
            throw Refused($"'{path}' could not be read: {e.Message}", e);
        }

        if (header is null)
        {
            throw Refused($"'{path}' is not a PNG, JPEG, WebP or GIF image.", null);
        }

        var record = (header.Xmp is { } xmp ? XmpPacket.Parse(xmp) : null) ?? ProvenanceSidecar.TryRead(path);
        return new NbImageInfo
        {
            Path = path,
            Format = header.Format,
            Width = header.Width,
            Height = header.Height,
            Length = length,
            Prompt = record?.Prompt,
            Model = record?.Model,
            GenerationId = record?.GenerationId,
            AspectRatio = record?.AspectRatio,
            CreatedAt = record?.CreatedAt,
            CreditsUsed = record?.CreditsUsed,
            ReferenceImages = record?.ReferenceImages,
            CreatedBy = record?.CreatedBy,
        };
    }

    private static NbApiException Refused(string message, Exception? inner) =>
        new(NbErrorKind.InvalidRequest, message, innerException: inner);
}
