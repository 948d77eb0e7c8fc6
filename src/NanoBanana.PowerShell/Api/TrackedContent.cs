using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading.Tasks;

namespace NanoBanana.Api;

/// <summary>
/// A request body that records whether HttpClient began to write it. A failure before that point proves the service
/// never received the request, which is the only case in which a paid submission may be sent again.
/// </summary>
internal sealed class TrackedContent : HttpContent
{
    private readonly long length;
    private readonly Func<Stream, Task> write;

    /// <param name="write">Writes exactly <paramref name="length"/> bytes.</param>
    public TrackedContent(long length, Func<Stream, Task> write, string mediaType)
    {
        this.length = length;
        this.write = write;
        Headers.ContentType = new MediaTypeHeaderValue(mediaType) { CharSet = "utf-8" };
    }

    public bool WriteStarted { get; private set; }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        WriteStarted = true;
        return write(stream);
    }

    protected override bool TryComputeLength(out long length)
    {
        length = this.length;
        return true;
    }
}
