using System.Management.Automation;

namespace NanoBanana.Commands;

/// <summary>The base of cmdlets that take generation ids.</summary>
public abstract class NbGenerationCmdlet : NbApiCmdlet
{
    /// <summary>
    /// <para type="description">Generation ids, or NbGeneration objects such as New-NbImage emits (their Id binds by property name). From the pipeline only strings and objects whose Id or GenerationId is text are taken; anything else (a process, a hashtable, a number) is refused with an NbInvalidRequest error naming its type, and nothing is sent.</para>
    /// </summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("GenerationId")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(GenerationIdCompleter))]
    public string[] Id { get; set; } = [];

    /// <summary>
    /// <para type="description">Receives whatever is piped, so that what cannot be a generation id is refused with a clear error instead of being turned into text. Pipe ids or generations; do not use it directly.</para>
    /// </summary>
    [Parameter(ValueFromPipeline = true, DontShow = true)]
    [AllowNull]
    public PSObject? InputObject { get; set; }

    /// <summary>The ids of this pipeline step; none, after an NbInvalidRequest error, if the piped object is none.</summary>
    private protected string[] AcceptedIds() => PipelineInput.IsGenerationId(this, InputObject) ? Id : [];
}
