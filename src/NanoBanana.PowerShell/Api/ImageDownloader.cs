using System;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace NanoBanana.Api;

/// <summary>
/// Downloads images atomically: into a hidden temp file in the target folder, checked (status, content type,
/// magic bytes, length), flushed to disk, then renamed into place. No partial file survives a failure or a
/// cancellation. The API key is never sent: downloads use their own client and carry no Authorization header.
/// </summary>
internal sealed class ImageDownloader
{
    private const int BufferSize = 81920;
    private readonly RetryingSender sender;
    private readonly TempLeftovers leftovers = new();

    public ImageDownloader(ProxySettings proxy, RequestOptions options) =>
        sender = new RetryingSender(HttpClients.ForDownloads(proxy), options);

    /// <summary>The file a download to <paramref name="stem"/> would replace, whatever the image format turns out to be.</summary>
    public static string? FindExisting(string directory, string stem) =>
        ImageFormats.Extensions.Select(ext => FileNames.PathInside(directory, stem + ext)).FirstOrDefault(File.Exists);

    /// <summary>
    /// Downloads <paramref name="image"/> into <paramref name="directory"/> under its own name, recording
    /// <paramref name="metadata"/> with it when given. Any disk failure is <see cref="NbErrorKind.SaveFailed"/>.
    /// </summary>
    /// <param name="onProgress">Bytes written so far and the total when the server said it.</param>
    public async Task<SavedImage> SaveAsync(
        ImageSource image,
        string directory,
        bool overwrite,
        SaveMetadata? metadata,
        Action<long, long?>? onProgress,
        CancellationToken cancellationToken)
    {
        try
        {
            var target = new Target(directory, image.Stem, overwrite, metadata);
            return await DownloadAsync(image.Url, target, image.ExpiresAt, onProgress, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw ApiErrors.SaveFailed(e);
        }
    }

    /// <param name="expiresAt">When the URL expires, to explain a 404 on an old generation.</param>
    /// <param name="onProgress">Bytes written so far and the total when the server said it.</param>
    public Task<SavedImage> DownloadAsync(
        Uri url,
        string directory,
        string stem,
        bool overwrite,
        DateTimeOffset? expiresAt,
        Action<long, long?>? onProgress,
        CancellationToken cancellationToken) =>
        DownloadAsync(url, new Target(directory, stem, overwrite, null), expiresAt, onProgress, cancellationToken);

    private Task<SavedImage> DownloadAsync(
        Uri url,
        Target target,
        DateTimeOffset? expiresAt,
        Action<long, long?>? onProgress,
        CancellationToken cancellationToken) =>
        sender.SendAsync(
            RequestKind.Download,
            $"GET {ApiErrors.WithoutQuery(url)}",
            () => new HttpRequestMessage(HttpMethod.Get, url),
            async (response, ct) =>
            {
                await CheckResponseAsync(response, url, expiresAt, ct).ConfigureAwait(false);
                return await WriteAtomicallyAsync(response, target, onProgress, url, ct).ConfigureAwait(false);
            },
            cancellationToken);

    private static async Task CheckResponseAsync(
        HttpResponseMessage response,
        Uri url,
        DateTimeOffset? expiresAt,
        CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var shown = ApiErrors.WithoutQuery(url);
        if (status is 403 or 404 or 410)
        {
            var age = expiresAt is { } expiry && expiry <= DateTimeOffset.UtcNow
                ? $" Its generation is older than 15 days: the URL expired on {expiry:yyyy-MM-dd}, and expired " +
                    "images cannot be downloaded again."
                : " Generated image URLs stop working 15 days after the generation.";
            throw new NbApiException(NbErrorKind.ImageUnavailable, $"The image at {shown} is no longer available " +
                $"(HTTP {status}).{age}", status);
        }

        if (status == 407)
        {
            throw ApiErrors.FromStatus(status, ErrorBody.Parse(""), RequestKind.Download, $"GET {shown}", null);
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new NbApiException(NbErrorKind.ImageUnavailable, $"The image at {shown} could not be downloaded " +
                $"(HTTP {status} {response.ReasonPhrase}).", status);
        }

        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (mediaType is not null && !mediaType.StartsWith("image/", StringComparison.OrdinalIgnoreCase)
            && !mediaType.EndsWith("octet-stream", StringComparison.OrdinalIgnoreCase))
        {
            var body = ErrorBody.Parse(await ApiErrors.ReadBodyTextAsync(response, cancellationToken)
                .ConfigureAwait(false)).Message;
            throw new NbApiException(NbErrorKind.ImageUnavailable, $"The image URL {shown} answered with {mediaType} " +
                $"instead of an image: {body}", status)
            { IsInvalidData = true };
        }
    }

    /// <summary>
    /// Streams the body into the temp file and renames it into place. A failure of the disk (full, access denied, a
    /// folder where the file goes, anything written to the temp file) is <see cref="NbErrorKind.SaveFailed"/> at once,
    /// naming the file: downloading the image again would not help. Only a body that breaks off is a network failure.
    /// </summary>
    private async Task<SavedImage> WriteAtomicallyAsync(
        HttpResponseMessage response,
        Target target,
        Action<long, long?>? onProgress,
        Uri url,
        CancellationToken cancellationToken)
    {
        var (directory, stem) = (target.Directory, target.Stem);
        var temp = AtomicFile.TempPath(directory, stem);
        string? sidecarTemp = null;
        var final = Path.Combine(directory, stem + ".*");
        var moved = false;
        try
        {
            var (extension, embedded) = await WriteTempAsync(response, temp, target.Metadata, onProgress, url,
                cancellationToken).ConfigureAwait(false);
            final = FileNames.PathInside(directory, stem + extension);
            if (target.Metadata is { } metadata && (metadata.AlwaysSidecar || !embedded))
            {
                sidecarTemp = AtomicFile.TempPath(directory, stem + ".json");
                WriteSidecar(sidecarTemp, metadata.Record);
            }

            moved = AtomicFile.TryMoveIntoPlace(temp, final, target.Overwrite);
            if (moved && sidecarTemp is not null)
            {
                AtomicFile.MoveIntoPlace(sidecarTemp, ProvenanceSidecar.PathFor(final), overwrite: true);
            }

            leftovers.RemoveFor(directory, stem);

            return new SavedImage(final);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException && e is not BrokenBodyException)
        {
            throw new NbApiException(NbErrorKind.SaveFailed, $"The image could not be saved as '{final}': " +
                $"{e.Message}", innerException: e);
        }
        finally
        {
            if (!moved)
            {
                AtomicFile.TryDelete(temp);
            }

            AtomicFile.TryDelete(sidecarTemp);
        }
    }

    private static void WriteSidecar(string path, ImageProvenance record)
    {
        using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
        ProvenanceSidecar.Write(file, record);
        file.Flush(flushToDisk: true);
    }

    private static async Task<(string Extension, bool Embedded)> WriteTempAsync(
        HttpResponseMessage response,
        string temp,
        SaveMetadata? metadata,
        Action<long, long?>? onProgress,
        Uri url,
        CancellationToken cancellationToken)
    {
        var expected = response.Content.Headers.ContentLength;
        long length = 0;
        using var source = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
        using var target = new FileStream(
            temp,
            FileMode.CreateNew,
            FileAccess.Write,
            FileShare.None,
            BufferSize,
            useAsync: true);
        var buffer = new byte[BufferSize];
        var head = await ReadBodyAsync(source.FillAsync(buffer, ImageFormats.SignatureLength, cancellationToken))
            .ConfigureAwait(false);
        var extension = ImageFormats.ExtensionOf(buffer.AsSpan(0, head))
            ?? throw NotAnImage(response, url, buffer, head);
        Task<int> Next(int at) => source.ReadAsync(buffer, at, buffer.Length - at, cancellationToken);
        var (written, embedded) = (0, false);
        if (metadata is not null && MetadataBlock.For(extension, XmpPacket.Build(metadata.Record)) is { } block)
        {
            (head, written, embedded) = await MetadataSplice.WriteStartAsync(
                target, buffer, head, extension, block, at => ReadBodyAsync(Next(at)), cancellationToken)
                .ConfigureAwait(false);
        }

        for (var read = head; read > 0; read = await ReadBodyAsync(Next(0)).ConfigureAwait(false), written = 0)
        {
            await target.WriteAsync(buffer, written, read - written, cancellationToken).ConfigureAwait(false);
            length += read;
            onProgress?.Invoke(length, expected);
        }

        if (expected is { } declared && declared != length)
        {
            throw new BrokenBodyException($"the body ended after {length} of {declared} bytes", null);
        }

        target.Flush(flushToDisk: true);
        return (extension, embedded);
    }

    private static NbApiException NotAnImage(HttpResponseMessage response, Uri url, byte[] buffer, int head) =>
        new(
            NbErrorKind.ImageUnavailable,
            $"The file at {ApiErrors.WithoutQuery(url)} is not a PNG, JPEG, WebP or GIF image (it starts with " +
            $"{Preview(buffer, head)}).",
            (int)response.StatusCode)
        { IsInvalidData = true };

    /// <summary>A read of the body; its I/O failures are the network's, told apart from the disk's.</summary>
    private static async Task<int> ReadBodyAsync(Task<int> read)
    {
        try
        {
            return await read.ConfigureAwait(false);
        }
        catch (IOException e)
        {
            throw new BrokenBodyException(e.Message, e);
        }
    }

    private static string Preview(byte[] bytes, int count)
    {
        var shown = bytes.Take(Math.Min(count, ImageFormats.SignatureLength));
        var text = new string([.. shown.Select(b => b is >= 32 and < 127 ? (char)b : '.')]);
        return count == 0 ? "nothing: the body is empty" : $"'{text}'";
    }

    /// <summary>Where a download goes and what it records.</summary>
    private sealed record Target(string Directory, string Stem, bool Overwrite, SaveMetadata? Metadata);

    /// <summary>The image's body broke off while it was read: a network failure, retried like one.</summary>
    private sealed class BrokenBodyException : IOException
    {
        public BrokenBodyException(string message, Exception? inner)
            : base(message, inner)
        {
        }
    }
}
