using System;
using System.Management.Automation;
using NanoBanana.Api;

namespace NanoBanana.Commands;

/// <summary>
/// <para type="synopsis">Gets the generations recorded in the history, newest first.</para>
/// <para type="description">Reads the history file that New-NbImage and Save-NbImage write (see about_NanoBanana: %LOCALAPPDATA%\NanoBanana\history.jsonl on Windows, ~/.local/share/NanoBanana/history.jsonl elsewhere, or the file NANO_BANANA_HISTORY names) and emits each recorded generation as a NanoBanana.NbGeneration, newest first: its prompt, model, aspect ratio and references as asked, its Id, Status, CreditsUsed and Images as the service answered (each image with its ExpiresAt, 15 days after the generation), and SavedTo, the files Save-NbImage saved. A submission that ended in an error has Status Failed and the error id in its Message; one whose end was not recorded (the command was still running, or was stopped before the end) has Status Processing, with its Id when the service had named it (Get-NbGeneration then brings in its end). Pipe the generations to Save-NbImage to download their images again while the URLs live, or to Get-NbGeneration to read their current state from the service. Nothing is sent over the network.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "NbHistory")]
[OutputType(typeof(NbGeneration))]
public sealed class GetNbHistoryCommand : NbCmdlet
{
    /// <summary>
    /// <para type="description">Only generations whose prompt matches this wildcard pattern, ignoring case (for example '*fox*').</para>
    /// </summary>
    [Parameter(Position = 0)]
    [SupportsWildcards]
    public string? Prompt { get; set; }

    /// <summary>
    /// <para type="description">Only generations created at or after this time (a time without a zone is local time).</para>
    /// </summary>
    [Parameter]
    public DateTime? Since { get; set; }

    /// <summary>
    /// <para type="description">Only generations of these models (wildcards allowed). A generation that named no model counts as the service's default, gemini-2.5-flash-image.</para>
    /// </summary>
    [Parameter]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(ModelCompleter))]
    public string[]? Model { get; set; }

    /// <summary>
    /// <para type="description">Only generations with these statuses: Processing, Completed, Failed or Rejected.</para>
    /// </summary>
    [Parameter]
    public NbGenerationStatus[]? Status { get; set; }

    /// <summary>
    /// <para type="description">Only the generations with these ids (wildcards allowed).</para>
    /// </summary>
    [Parameter]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(GenerationIdCompleter))]
    public string[]? Id { get; set; }

    /// <summary>
    /// <para type="description">Only the newest N generations (after the other filters).</para>
    /// </summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int? Last { get; set; }

    /// <inheritdoc/>
    protected override void EndProcessing()
    {
        if (HistoryFile.Resolve(this) is not { } file)
        {
            return;
        }

        var query = new HistoryQuery
        {
            Prompt = Prompt is null ? null : HistoryFile.Matcher(Prompt),
            Model = HistoryFile.Matcher(Model),
            Id = HistoryFile.Matcher(Id),
            Since = Since is { } since ? new DateTimeOffset(since) : null,
            Status = Status,
            Last = Last,
        };
        HistoryFile.Use(this, file, () =>
        {
            foreach (var generation in HistoryReader.Read(file, query))
            {
                WriteObject(generation);
            }
        });
    }
}
