using System.Management.Automation;

namespace NanoBanana.Commands;

/// <summary>The base of cmdlets that take generation ids.</summary>
public abstract class NbGenerationCmdlet : NbApiCmdlet
{
    /// <summary>
    /// <para type="description">Generation ids, or NbGeneration objects such as New-NbImage emits (their Id binds by property name).</para>
    /// </summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("GenerationId")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(GenerationIdCompleter))]
    public string[] Id { get; set; } = [];
}
