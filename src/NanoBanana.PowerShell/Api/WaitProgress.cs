namespace NanoBanana.Api;

/// <summary>One polling round's view of a wait: how many generations are done of how many.</summary>
internal readonly record struct WaitProgress(int Finished, int Total);
