using System;
using System.Buffers;
using System.Buffers.Text;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;

namespace NanoBanana.Api;

/// <summary>
/// One reference image of a generation: a URL the service fetches itself, or a local image file sent inline as a
/// data: URL. A file is checked by its first bytes when it is chosen, and read and base64-encoded block by block only
/// while the request is written, so it is never held whole in memory.
/// </summary>
internal sealed class ReferenceImage
{
    /// <summary>A multiple of 3, so that blocks encode without padding between them.</summary>
    private const int BlockBytes = 3 * 16 * 1024;

    private readonly byte[]? urlJson;

    private ReferenceImage(
        string description, long bodyLength, byte[]? urlJson, string? path, string? mediaType, long fileLength)
    {
        Description = description;
        BodyLength = bodyLength;
        this.urlJson = urlJson;
        Path = path;
        MediaType = mediaType;
        FileLength = fileLength;
    }

    /// <summary>What people see: the URL, a data: URL's type and size, or the file's name. Never a payload.</summary>
    public string Description { get; }

    /// <summary>The bytes this reference takes in the request body, quotes included.</summary>
    public long BodyLength { get; }

    /// <summary>The local file, for a file reference.</summary>
    public string? Path { get; }

    /// <summary>The file's media type, from its bytes.</summary>
    public string? MediaType { get; }

    public long FileLength { get; }

    public static ReferenceImage FromUrl(string url)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(url, ApiJsonContext.Default.String);
        var description = DataUrl.IsDataUrl(url) ? DataUrl.Describe(url) : url;
        return new ReferenceImage(description, json.Length, json, null, null, 0);
    }

    /// <summary>A local image file; refused (NbInvalidRequest) when it is missing, unreadable or not an image.</summary>
    /// <param name="path">A full file-system path.</param>
    public static ReferenceImage FromFile(string path)
    {
        var file = new FileInfo(path);
        if (!file.Exists)
        {
            throw Refused(Directory.Exists(path)
                ? $"The reference image '{path}' is a folder, not an image file."
                : $"The reference image file '{path}' does not exist.");
        }

        var mediaType = ImageFormats.MediaTypeOf(ReadHead(file)) ?? throw Refused(
            $"The reference image '{path}' is not a PNG, JPEG, WebP or GIF image (judged by its first bytes).");
        var encoded = (file.Length + 2) / 3 * 4;
        var bodyLength = 2 + Prefix(mediaType).Length + encoded;
        return new ReferenceImage(file.Name, bodyLength, null, file.FullName, mediaType, file.Length);
    }

    /// <summary>
    /// The reference for a journal: a URL as it is; a data: URL by type, size and a hash of its content; a file by name,
    /// size and a hash of its content (NbInvalidRequest when it cannot be read). Never a payload.
    /// </summary>
    public string Identity()
    {
        if (urlJson is not null)
        {
            return DataUrl.IsDataUrl(Description)
                ? $"{Description} sha256 {RequestFingerprint.Hash(urlJson)}"
                : Description;
        }

        try
        {
            using var file = new FileStream(Path!, FileMode.Open, FileAccess.Read, FileShare.Read, BlockBytes);
            using var sha = SHA256.Create();
            return $"{Description} ({FileLength} bytes, sha256 {RequestFingerprint.Hex(sha.ComputeHash(file))})";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Refused($"The reference image '{Path}' cannot be read: {e.Message}");
        }
    }

    /// <summary>Writes the reference as a JSON string: the URL, or the file as a data: URL.</summary>
    public async Task WriteJsonAsync(Stream output)
    {
        if (urlJson is not null)
        {
            await output.WriteAsync(urlJson, 0, urlJson.Length).ConfigureAwait(false);
            return;
        }

        var block = ArrayPool<byte>.Shared.Rent(BlockBytes);
        var encoded = ArrayPool<byte>.Shared.Rent(Base64.GetMaxEncodedToUtf8Length(BlockBytes));
        try
        {
            var prefix = Encoding.ASCII.GetBytes("\"" + Prefix(MediaType!));
            await output.WriteAsync(prefix, 0, prefix.Length).ConfigureAwait(false);
            using (var file = new FileStream(Path!, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, true))
            {
                for (var remaining = FileLength; remaining > 0;)
                {
                    var count = (int)Math.Min(BlockBytes, remaining);
                    await FillAsync(file, block, count).ConfigureAwait(false);
                    Base64.EncodeToUtf8(block.AsSpan(0, count), encoded, out _, out var written);
                    await output.WriteAsync(encoded, 0, written).ConfigureAwait(false);
                    remaining -= count;
                }
            }

            output.WriteByte((byte)'"');
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(block);
            ArrayPool<byte>.Shared.Return(encoded);
        }
    }

    private static string Prefix(string mediaType) => $"data:{mediaType};base64,";

    private static byte[] ReadHead(FileInfo file)
    {
        try
        {
            using var stream = file.OpenRead();
            var head = new byte[ImageFormats.SignatureLength];
            var total = 0;
            int read;
            while (total < head.Length && (read = stream.Read(head, total, head.Length - total)) > 0)
            {
                total += read;
            }

            return head.AsSpan(0, total).ToArray();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Refused($"The reference image '{file.FullName}' cannot be read: {e.Message}");
        }
    }

    private async Task FillAsync(Stream file, byte[] block, int count)
    {
        for (var filled = 0; filled < count;)
        {
            var read = await file.ReadAsync(block, filled, count - filled).ConfigureAwait(false);
            if (read == 0)
            {
                throw new IOException($"The reference image '{Path}' became shorter while it was being sent.");
            }

            filled += read;
        }
    }

    private static NbApiException Refused(string message) =>
        new(NbErrorKind.InvalidRequest, message + " Nothing was sent.");
}
