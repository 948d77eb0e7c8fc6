namespace NanoBanana.Api;

/// <summary>
/// One polling round's view of a wait: how many generations are done of how many, and the service's last word for a
/// status the API reference does not list (e.g. "gen1 is queued"), if any.
/// </summary>
internal readonly record struct WaitProgress(int Finished, int Total, string? ServiceSays = null);
