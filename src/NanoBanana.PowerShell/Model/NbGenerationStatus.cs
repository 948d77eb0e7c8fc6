namespace NanoBanana;

/// <summary>Where a generation stands.</summary>
public enum NbGenerationStatus
{
    /// <summary>Submitted and still running on the service.</summary>
    Processing,

    /// <summary>Finished with images.</summary>
    Completed,

    /// <summary>Finished without images because the service failed; credits are not refunded.</summary>
    Failed,

    /// <summary>Finished, but the output failed the service's content-safety check; credits are charged.</summary>
    Rejected,
}
