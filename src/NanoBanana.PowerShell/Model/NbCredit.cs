using System;

namespace NanoBanana;

/// <summary>The account's credit balance at one moment.</summary>
public sealed class NbCredit
{
    /// <summary>Credits left on the account.</summary>
    public int Credits { get; set; }

    /// <summary>Credits charged for the generations this PowerShell session submitted, as the service reported them.</summary>
    public int CreditsUsedThisSession { get; set; }

    /// <summary>When the balance was read from the service.</summary>
    public DateTimeOffset RetrievedAt { get; set; }

    /// <inheritdoc/>
    public override string ToString() => Credits.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
