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
public sealed class GetNbGenerationCommand : NbApiCmdlet
{
    private NbApiClient? client;

    /// <summary>
    /// <para type="description">Generation ids, as New-NbImage reports them.</para>
    /// </summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("GenerationId")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(GenerationIdCompleter))]
    public string[] Id { get; set; } = [];

    /// <summary>
    /// <para type="description">How long one request may take, in seconds, before it is retried or fails with NbTimeout. Default 100.</para>
    /// </summary>
    [Parameter]
    [ValidateRange(1, 86400)]
    public int TimeoutSec { get; set; } = (int)RequestOptions.DefaultTimeout.TotalSeconds;

    internal override TimeSpan RequestTimeout => TimeSpan.FromSeconds(TimeoutSec);

    /// <inheritdoc/>
    protected override void BeginProcessing() => client = CreateClient();

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        foreach (var id in Id)
        {
            try
            {
                var generation = Run(ct => client!.GetGenerationAsync(id, ct));
                Session.Remember(generation.Id);
                WriteObject(generation);
            }
            catch (NbApiException e)
            {
                WriteApiError(e, id);
            }
        }
    }
}
