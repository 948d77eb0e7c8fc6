using System.Management.Automation;
using NanoBanana.Api;

namespace NanoBanana.Commands;

/// <summary>Each failure kind's stable error id and category, as about_NanoBanana lists them.</summary>
internal static class ErrorRecords
{
    public static ErrorRecord From(NbApiException exception, object? target)
    {
        var (id, category) = exception.Kind switch
        {
            NbErrorKind.InvalidRequest => ("NbInvalidRequest", ErrorCategory.InvalidArgument),
            NbErrorKind.ContentRejected => ("NbContentRejected", ErrorCategory.InvalidResult),
            NbErrorKind.Unauthorized => ("NbUnauthorized", ErrorCategory.AuthenticationError),
            NbErrorKind.InsufficientCredits => ("NbInsufficientCredits", ErrorCategory.QuotaExceeded),
            NbErrorKind.Forbidden => ("NbForbidden", ErrorCategory.PermissionDenied),
            NbErrorKind.GenerationNotFound => ("NbGenerationNotFound", ErrorCategory.ObjectNotFound),
            NbErrorKind.GenerationFailed => ("NbGenerationFailed", ErrorCategory.InvalidResult),
            NbErrorKind.ServiceBusy =>
                ("NbServiceBusy", exception.IsRateLimited ? ErrorCategory.LimitsExceeded : ErrorCategory.ResourceBusy),
            NbErrorKind.ServiceError => ("NbServiceError", ErrorCategory.ResourceUnavailable),
            NbErrorKind.OutcomeUnknown => ("NbOutcomeUnknown", ErrorCategory.OperationTimeout),
            NbErrorKind.ConnectionFailed => ("NbConnectionFailed", ErrorCategory.ConnectionError),
            NbErrorKind.Timeout => ("NbTimeout", ErrorCategory.OperationTimeout),
            NbErrorKind.ProtocolError => ("NbProtocolError", ErrorCategory.ProtocolError),
            NbErrorKind.ImageUnavailable =>
                ("NbImageUnavailable", exception.IsInvalidData
                    ? ErrorCategory.InvalidData : ErrorCategory.ResourceUnavailable),
            NbErrorKind.FileExists => ("NbFileExists", ErrorCategory.ResourceExists),
            NbErrorKind.CreditLimitReached => ("NbCreditLimitReached", ErrorCategory.LimitsExceeded),
            NbErrorKind.SaveFailed => ("NbSaveFailed", ErrorCategory.WriteError),
            NbErrorKind.GenerationNotReady => ("NbGenerationNotReady", ErrorCategory.ResourceUnavailable),
            NbErrorKind.AmbiguousPath => ("NbAmbiguousPath", ErrorCategory.InvalidArgument),
            NbErrorKind.NotAFolder => ("NbNotAFolder", ErrorCategory.InvalidArgument),
            NbErrorKind.ModelNotFound => ("NbModelNotFound", ErrorCategory.ObjectNotFound),
            NbErrorKind.HistoryUnavailable => ("NbHistoryUnavailable", ErrorCategory.ReadError),
            _ => ("NbError", ErrorCategory.NotSpecified),
        };
        return new ErrorRecord(exception, id, category, target);
    }

    /// <summary>Failures no later item of a batch could escape: the key, the balance, the account's access, the batch's credit limit.</summary>
    public static bool IsFatal(NbErrorKind kind) =>
        kind is NbErrorKind.Unauthorized or NbErrorKind.InsufficientCredits
            or NbErrorKind.Forbidden or NbErrorKind.CreditLimitReached;
}
