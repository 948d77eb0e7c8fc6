namespace NanoBanana.Api;

/// <summary>What a request is, for the retry rules: a paid submission is retried far more cautiously than a read.</summary>
internal enum RequestKind
{
    /// <summary>A GET of the API: safe to repeat.</summary>
    Read,

    /// <summary>POST /generate: charged on arrival, no idempotency key.</summary>
    Submit,

    /// <summary>A GET of an image from the CDN.</summary>
    Download,
}
