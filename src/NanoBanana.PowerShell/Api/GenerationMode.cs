namespace NanoBanana.Api;

/// <summary>The API's three ways to run a generation.</summary>
public enum GenerationMode
{
    /// <summary>One request that returns when the image is done.</summary>
    Sync,

    /// <summary>Server-sent progress events, then the result.</summary>
    Stream,

    /// <summary>Returns at once; the result is polled with <c>GET /generate?id=</c>.</summary>
    Async,
}
