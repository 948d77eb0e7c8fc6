namespace NanoBanana.Api;

/// <summary>What went wrong; each kind is one error id of the module (see about_NanoBanana).</summary>
public enum NbErrorKind
{
    /// <summary>NbInvalidRequest: the service (400) or the module refused the input.</summary>
    InvalidRequest,

    /// <summary>NbContentRejected: the output failed the content-safety check.</summary>
    ContentRejected,

    /// <summary>NbUnauthorized: no key, or the key was refused (401).</summary>
    Unauthorized,

    /// <summary>NbInsufficientCredits: too few credits (402).</summary>
    InsufficientCredits,

    /// <summary>NbForbidden: API access not enabled, or a Pro model without Pro (403).</summary>
    Forbidden,

    /// <summary>NbGenerationNotFound: no such generation for this key.</summary>
    GenerationNotFound,

    /// <summary>NbGenerationFailed: the generation failed on the service.</summary>
    GenerationFailed,

    /// <summary>NbServiceBusy: 429 or 503 after the retries.</summary>
    ServiceBusy,

    /// <summary>NbServiceError: a 5xx answer after the retries.</summary>
    ServiceError,

    /// <summary>NbOutcomeUnknown: a submission was sent but no answer came back; credits may have been charged.</summary>
    OutcomeUnknown,

    /// <summary>NbConnectionFailed: the service could not be reached.</summary>
    ConnectionFailed,

    /// <summary>NbTimeout: a request or a wait ran out of time.</summary>
    Timeout,

    /// <summary>NbProtocolError: an answer the API does not document.</summary>
    ProtocolError,

    /// <summary>NbImageUnavailable: an image URL expired or did not return an image.</summary>
    ImageUnavailable,

    /// <summary>NbFileExists: the target file exists and -Force was not given.</summary>
    FileExists,

    /// <summary>NbCreditLimitReached: the next generation would pass the batch's -MaxCredits.</summary>
    CreditLimitReached,

    /// <summary>NbSaveFailed: a file or folder could not be written.</summary>
    SaveFailed,

    /// <summary>NbGenerationNotReady: a generation is still processing and has no images yet.</summary>
    GenerationNotReady,

    /// <summary>NbAmbiguousPath: a wildcard path matched more than one folder, or none.</summary>
    AmbiguousPath,

    /// <summary>NbNotAFolder: a path is a file, or not on the file system.</summary>
    NotAFolder,

    /// <summary>NbModelNotFound: the service has no model of that name.</summary>
    ModelNotFound,

    /// <summary>NbHistoryUnavailable: the history file could not be read or rewritten.</summary>
    HistoryUnavailable,
}
