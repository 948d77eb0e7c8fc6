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
