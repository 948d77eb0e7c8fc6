using System;
using System.Management.Automation;
using NanoBanana.Api;

namespace NanoBanana.Commands;

/// <summary>
/// <para type="synopsis">Removes generations from the history.</para>
/// <para type="description">Removes from the history file every record of the generations created before -Before (their request, outcome and saved files), or with no -Before all of them. The file is rewritten under the same lock as the appends, and replaced at once: other sessions see the old history or the new one, and records they append meanwhile are kept. Lines a crash left torn are removed too. The images and files themselves are not touched. The history is the only local record of what was spent and of image URLs, so by default PowerShell asks before clearing it (ConfirmImpact High): use -WhatIf to see how many generations would go, and -Confirm:$false in scripts.</para>
/// </summary>
[Cmdlet(VerbsCommon.Clear, "NbHistory", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(void))]
public sealed class ClearNbHistoryCommand : NbCmdlet
{
    /// <summary>
    /// <para type="description">Removes only the generations created before this time (a time without a zone is local time). Without it the whole history is removed.</para>
    /// </summary>
    [Parameter(Position = 0)]
    public DateTime? Before { get; set; }

    /// <inheritdoc/>
    protected override void EndProcessing()
    {
        if (HistoryFile.Resolve(this) is not { } file)
        {
            return;
        }

        HistoryFile.Use(this, file, () =>
        {
            if (Before is { } before)
            {
                ClearBefore(file, new DateTimeOffset(before));
            }
            else if (ShouldProcess(file.Path, "Remove every generation from the history"))
            {
                var removed = file.Rewrite(HistoryJsonContext.Default.HistoryRecord, _ => false);
                WriteVerbose($"Removed {removed} line(s) from {file.Path}.");
            }
        });
    }

    private void ClearBefore(JsonLinesFile file, DateTimeOffset before)
    {
        var (generations, isTheirs) = HistoryReader.Older(file, before);
        if (generations == 0)
        {
            WriteVerbose($"The history {file.Path} has no generation created before {before:u}.");
            return;
        }

        var action = $"Remove the {generations} generation(s) created before {before:u} from the history";
        if (ShouldProcess(file.Path, action))
        {
            var removed = file.Rewrite(HistoryJsonContext.Default.HistoryRecord, r => !isTheirs(r));
            WriteVerbose($"Removed {removed} line(s) from {file.Path}.");
        }
    }
}
