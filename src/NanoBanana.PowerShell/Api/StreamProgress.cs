namespace NanoBanana.Api;

/// <summary>A progress report of a streamed generation. <see cref="Percent"/> never goes down (heartbeats report 0).</summary>
internal sealed record StreamProgress(int Percent, string Message, string? GenerationId);
