using System;
using System.Management.Automation;
using NanoBanana.Api;

namespace NanoBanana.Commands;

/// <summary>
/// <para type="synopsis">Gets the current state of generations by id.</para>
/// <para type="description">Looks once at each generation with GET /generate?id= and emits it as a NanoBanana.NbGeneration, whatever its status. To wait until generations finish, use Wait-NbGeneration.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "NbGeneration")]
[OutputType(typeof(NbGeneration))]
public sealed class GetNbGenerationCommand : NbGenerationCmdlet
{
    private NbApiClient? client;

    /// <inheritdoc/>
    protected override void BeginProcessing() => client = CreateClient();

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        foreach (var id in AcceptedIds())
        {
            try
            {
                var generation = WithWhatWasPiped(Run(ct => client!.GetGenerationAsync(id, ct)));
                Session.Remember(generation.Id);
                History.Finished(generation);
                WriteObject(generation);
            }
            catch (NbApiException e)
            {
                WriteApiError(e, id);
            }
        }
    }
}
