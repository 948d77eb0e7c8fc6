using System.Text;

namespace NanoBanana.Emulator;

/// <summary>The request body, read once up front so it can be logged, matched by faults and parsed by endpoints.</summary>
internal sealed class RequestBody
{
    public const int MaxBytes = 10 * 1024 * 1024;
    private const int LoggedBytes = 64 * 1024;

    private RequestBody(byte[] bytes, bool tooLarge)
    {
        Bytes = bytes;
        TooLarge = tooLarge;
    }

    public byte[] Bytes { get; }

    /// <summary>The body exceeded <see cref="MaxBytes"/>; it was read to the end and its tail dropped.</summary>
    public bool TooLarge { get; }

    /// <summary>The body for the request log: data: URLs shortened to their type and length, cut at 64 KB.</summary>
    public string? LogText
    {
        get
        {
            if (Bytes.Length == 0)
            {
                return null;
            }

            var text = ReceivedReference.ShortenDataUrls(Encoding.UTF8.GetString(Bytes));
            return text.Length <= LoggedBytes ? text : text[..LoggedBytes];
        }
    }

    public static async Task<RequestBody> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var kept = new MemoryStream();
        var buffer = new byte[81920];
        var tooLarge = false;
        int read;
        while ((read = await request.Body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            var room = MaxBytes - (int)kept.Length;
            tooLarge |= read > room;
            kept.Write(buffer, 0, Math.Min(read, room));
        }

        return new RequestBody(kept.ToArray(), tooLarge);
    }
}
