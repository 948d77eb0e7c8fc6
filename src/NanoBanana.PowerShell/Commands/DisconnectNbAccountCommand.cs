using System.Management.Automation;
using NanoBanana.Api;

namespace NanoBanana.Commands;

/// <summary>
/// <para type="synopsis">Forgets the key and address stored by Connect-NbAccount.</para>
/// <para type="description">Afterwards the cmdlets take the key from -ApiKey or the NANO_BANANA_API_KEY / NB_API_KEY environment variables again.</para>
/// </summary>
[Cmdlet(VerbsCommunications.Disconnect, "NbAccount")]
[OutputType(typeof(void))]
public sealed class DisconnectNbAccountCommand : NbCmdlet
{
    /// <inheritdoc/>
    protected override void EndProcessing()
    {
        var session = NbSession.Current;
        session.Key = null;
        session.BaseUri = null;
        session.Proxy = ProxySettings.System;
    }
}
