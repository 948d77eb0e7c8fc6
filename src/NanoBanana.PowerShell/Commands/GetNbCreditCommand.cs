using System;
using System.Management.Automation;
using NanoBanana.Api;

namespace NanoBanana.Commands;

/// <summary>
/// <para type="synopsis">Gets the credit balance of the account.</para>
/// <para type="description">Reads the balance with GET /credits. Every generation costs credits, charged when it is submitted.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "NbCredit")]
[OutputType(typeof(NbCredit))]
public sealed class GetNbCreditCommand : NbApiCmdlet
{
    /// <summary>
    /// <para type="description">How long one request may take, in seconds, before it is retried or fails with NbTimeout. Default 100.</para>
    /// </summary>
    [Parameter]
    [ValidateRange(1, 86400)]
    public int TimeoutSec { get; set; } = (int)RequestOptions.DefaultTimeout.TotalSeconds;

    internal override TimeSpan RequestTimeout => TimeSpan.FromSeconds(TimeoutSec);

    /// <inheritdoc/>
    protected override void EndProcessing()
    {
        var client = CreateClient();
        try
        {
            var credit = Run(client.GetCreditsAsync);
            credit.CreditsUsedThisSession = Session.CreditsUsed;
            WriteObject(credit);
        }
        catch (NbApiException e)
        {
            WriteApiError(e, null);
        }
    }
}
