using System;

namespace NanoBanana;

/// <summary>The account this session is connected to with Connect-NbAccount.</summary>
public sealed class NbAccount
{
    /// <summary>The API the session talks to.</summary>
    public Uri BaseUri { get; set; } = null!;

    /// <summary>The balance when the key was checked; empty with -SkipValidation.</summary>
    public int? Credits { get; set; }

    /// <summary>Whether the key was checked against the service.</summary>
    public bool Validated { get; set; }

    /// <summary>The proxy from -Proxy; empty when the system's proxy settings apply.</summary>
    public Uri? Proxy { get; set; }
}
