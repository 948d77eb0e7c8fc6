namespace NanoBanana.Api;

/// <summary>How a request failed without an HTTP answer.</summary>
internal enum TransportFailure
{
    /// <summary>The request never left: connection refused, name not resolved, the body was never written.</summary>
    NotSent,

    /// <summary>The deadline passed after the request may have arrived.</summary>
    TimedOut,

    /// <summary>The connection broke after the request may have arrived.</summary>
    ConnectionLost,
}
