using System;
using System.Collections.Concurrent;
using System.Collections.Generic;

namespace NanoBanana.Api;

/// <summary>
/// The temp files that writers killed mid-write left in the folders a command saves into (see
/// <see cref="AtomicFile.TryRemoveLeftover"/>). Each folder is listed once, at the first save there, so keeping one
/// instance for a command's saves costs no listing of a large folder per save; a leftover goes once a file of its name
/// has been saved again. Safe from any thread.
/// </summary>
internal sealed class TempLeftovers
{
    private readonly ConcurrentDictionary<string, Lazy<List<string>>> folders = new(StringComparer.Ordinal);

    /// <summary>Deletes what killed writers of <paramref name="name"/> left in <paramref name="directory"/>.</summary>
    public void RemoveFor(string directory, string name)
    {
        var leftovers = folders.GetOrAdd(directory, d => new Lazy<List<string>>(() => AtomicFile.FindTemps(d))).Value;
        lock (leftovers)
        {
            leftovers.RemoveAll(temp => AtomicFile.TryRemoveLeftover(temp, name));
        }
    }
}
