using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;
using NanoBanana.Api;

namespace NanoBanana.Commands;

/// <summary>
/// What the module remembers in one PowerShell session (runspace): the account from Connect-NbAccount, model
/// catalogs, and generation ids seen. Runspaces never share it, so parallel runspaces cannot mix up keys.
/// </summary>
internal sealed class NbSession
{
    private const int MaxRememberedIds = 500;
    private static readonly ConditionalWeakTable<Runspace, NbSession> Sessions = new();
    private static readonly NbSession WithoutRunspace = new();
    private readonly ConcurrentDictionary<string, NbModel[]> catalogs = new(StringComparer.OrdinalIgnoreCase);
    private readonly LinkedList<string> recentIds = new();
    private int creditsUsed;

    public static NbSession Current =>
        Runspace.DefaultRunspace is { } runspace ? Sessions.GetValue(runspace, _ => new NbSession()) : WithoutRunspace;

    /// <summary>The key from Connect-NbAccount.</summary>
    public ApiKey? Key { get; set; }

    /// <summary>The base URL from Connect-NbAccount.</summary>
    public Uri? BaseUri { get; set; }

    public ProxySettings Proxy { get; set; } = ProxySettings.System;

    /// <summary>Credits charged for generations submitted in this session.</summary>
    public int CreditsUsed => creditsUsed;

    public void AddCreditsUsed(int credits) => System.Threading.Interlocked.Add(ref creditsUsed, credits);

    public NbModel[]? CachedCatalog(Uri baseUri) =>
        catalogs.TryGetValue(baseUri.AbsoluteUri, out var models) ? models : null;

    public void CacheCatalog(Uri baseUri, NbModel[] models) => catalogs[baseUri.AbsoluteUri] = models;

    /// <summary>Remembers a generation id for tab completion, newest first.</summary>
    public void Remember(string generationId)
    {
        lock (recentIds)
        {
            recentIds.Remove(generationId);
            recentIds.AddFirst(generationId);
            if (recentIds.Count > MaxRememberedIds)
            {
                recentIds.RemoveLast();
            }
        }
    }

    public string[] RecentIds()
    {
        lock (recentIds)
        {
            return [.. recentIds];
        }
    }
}
