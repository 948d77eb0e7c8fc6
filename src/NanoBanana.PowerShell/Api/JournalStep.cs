namespace NanoBanana.Api;

/// <summary>What a batch does with a request, given what its journal says about it.</summary>
internal enum JournalStep
{
    /// <summary>The journal knows nothing of it, or it produced nothing (failed, rejected, refused): submit it.</summary>
    Submit,

    /// <summary>It completed: emit it again, re-read by id, at no cost.</summary>
    Done,

    /// <summary>It was taken and is known by id, but not finished: follow it by polling, never resubmit it.</summary>
    Follow,

    /// <summary>It was sent and no answer was recorded: it may have been charged, so it is not sent again.</summary>
    Unknown,
}
