using System;

namespace NanoBanana.Api;

/// <summary>
/// A failure the user can act on. Its message is already redacted and never contains the API key. The message is
/// written for the module's user, so it names the module's commands and parameters where they are the remedy: the
/// core exists for this module only, and only the core knows which remedy applies.
/// </summary>
public sealed class NbApiException : Exception
{
    /// <summary>Creates the exception; <paramref name="message"/> is redacted of anything that looks like a key.</summary>
    public NbApiException(
        NbErrorKind kind,
        string message,
        int? statusCode = null,
        string? generationId = null,
        Exception? innerException = null)
        : base(Secrets.Redact(message), innerException)
    {
        Kind = kind;
        StatusCode = statusCode;
        GenerationId = generationId;
    }

    /// <summary>What went wrong.</summary>
    public NbErrorKind Kind { get; }

    /// <summary>The HTTP status the service answered, if it answered.</summary>
    public int? StatusCode { get; }

    /// <summary>The generation the failure concerns, when known.</summary>
    public string? GenerationId { get; }

    /// <summary>True when the body was not what the service documents (an image that is JSON, a truncated file).</summary>
    public bool IsInvalidData { get; init; }

    /// <summary>True when the service said it is busy by HTTP 429 rather than 503.</summary>
    public bool IsRateLimited { get; init; }
}
