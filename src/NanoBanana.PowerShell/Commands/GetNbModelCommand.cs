using System;
using System.Linq;
using System.Management.Automation;
using NanoBanana.Api;

namespace NanoBanana.Commands;

/// <summary>
/// <para type="synopsis">Gets the models the service offers, with what each costs.</para>
/// <para type="description">Reads the catalog with GET /models (no key needed) once per session and answers later calls from memory; -Refresh reads it again.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "NbModel")]
[OutputType(typeof(NbModel))]
public sealed class GetNbModelCommand : NbServiceCmdlet
{
    private NbModel[]? catalog;

    /// <summary>
    /// <para type="description">Names of the models to get; wildcards are allowed. Without it, all models.</para>
    /// </summary>
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[]? Name { get; set; }

    /// <summary>
    /// <para type="description">Reads the catalog from the service again instead of using the copy cached in this session.</para>
    /// </summary>
    [Parameter]
    public SwitchParameter Refresh { get; set; }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        catalog ??= LoadCatalog();
        if (catalog is null)
        {
            return;
        }

        if (Name is null)
        {
            WriteObject(catalog, enumerateCollection: true);
            return;
        }

        foreach (var name in Name)
        {
            var pattern = WildcardPattern.Get(name, WildcardOptions.IgnoreCase);
            var matches = catalog.Where(m => pattern.IsMatch(m.Name)).ToArray();
            if (matches.Length == 0 && !WildcardPattern.ContainsWildcardCharacters(name))
            {
                var message = $"The service has no model named '{name}'. Get-NbModel lists the models it has.";
                WriteApiError(new NbApiException(NbErrorKind.ModelNotFound, message), name);
            }

            WriteObject(matches, enumerateCollection: true);
        }
    }

    private NbModel[]? LoadCatalog()
    {
        try
        {
            return LoadCatalog(
                new NbApiClient(ResolveEndpoint(null), CreateRequestOptions()),
                Refresh,
                load => Run(load));
        }
        catch (NbApiException e)
        {
            WriteApiError(e, null);
            return null;
        }
    }
}
