namespace NanoBanana.Api;

/// <summary>What went wrong, one value per row of the error table in the design; the cmdlets map each to an error id and category.</summary>
internal enum NbErrorKind
{
    InvalidRequest,
    ContentRejected,
    Unauthorized,
    InsufficientCredits,
    Forbidden,
    GenerationNotFound,
    GenerationFailed,
    ServiceBusy,
    ServiceError,
    OutcomeUnknown,
    ConnectionFailed,
    Timeout,
    ProtocolError,
    ImageUnavailable,
    FileExists,
}
