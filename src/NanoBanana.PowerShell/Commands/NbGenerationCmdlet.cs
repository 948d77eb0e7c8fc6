using System;
using System.Collections.Generic;
using System.Management.Automation;
using NanoBanana.Api;

namespace NanoBanana.Commands;

/// <summary>The base of cmdlets that take generation ids.</summary>
public abstract class NbGenerationCmdlet : NbApiCmdlet
{
    private readonly Dictionary<string, NbGeneration> piped = new(StringComparer.Ordinal);
    private HistoryRecorder? history;

    /// <summary>
    /// <para type="description">Generation ids, or NbGeneration objects such as New-NbImage emits (their Id binds by property name). What a piped generation knows and the service does not repeat (its aspect ratio and reference images) is kept in the output. From the pipeline only strings and objects whose Id or GenerationId is text are taken; anything else (a process, a hashtable, a number) is refused with an NbInvalidRequest error naming its type, and nothing is sent.</para>
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

    /// <summary>
    /// <para type="description">Records nothing in the history for this command. Without it a generation found finished (Completed, Failed or Rejected) is recorded, so that Get-NbHistory shows its final status and images.</para>
    /// </summary>
    [Parameter]
    public SwitchParameter NoHistory { get; set; }

    /// <summary>Records a finished generation's state in the history (see <see cref="HistoryRecorder"/>).</summary>
    private protected HistoryRecorder History => history ??= new HistoryRecorder(this, NoHistory);

    /// <summary>The ids of this pipeline step; none, after an NbInvalidRequest error, if the piped object is none.</summary>
    private protected string[] AcceptedIds()
    {
        if (!PipelineInput.IsGenerationId(this, InputObject))
        {
            return [];
        }

        if (InputObject?.BaseObject is NbGeneration generation)
        {
            piped[generation.Id] = generation;
        }

        return Id;
    }

    /// <summary>Whether every id was piped as a generation that had already finished (no need to give it time first).</summary>
    private protected bool AllPipedFinished(IEnumerable<string> ids)
    {
        foreach (var id in ids)
        {
            if (!piped.TryGetValue(id, out var generation) || !GenerationWaiter.IsFinished(generation))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The generation as the service now describes it, completed with what a piped copy of it knew and the service
    /// does not say again (GET /generate names no aspect ratio and no references).
    /// </summary>
    private protected NbGeneration WithWhatWasPiped(NbGeneration generation) =>
        piped.TryGetValue(generation.Id, out var earlier) ? generation.CompletedFrom(earlier) : generation;
}
