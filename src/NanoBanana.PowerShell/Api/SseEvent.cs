namespace NanoBanana.Api;

/// <summary>One dispatched server-sent event.</summary>
internal readonly record struct SseEvent(string Type, string Data, string LastEventId);
