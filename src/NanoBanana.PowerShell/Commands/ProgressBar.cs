using System.Management.Automation;

namespace NanoBanana.Commands;

/// <summary>One progress bar of a cmdlet. Call it from the pipeline thread; <see cref="Complete"/> removes it and is safe to call twice.</summary>
internal sealed class ProgressBar
{
    private readonly Cmdlet cmdlet;
    private readonly int activityId;
    private bool shown;

    public ProgressBar(Cmdlet cmdlet, int activityId, string activity)
    {
        this.cmdlet = cmdlet;
        this.activityId = activityId;
        Activity = activity;
    }

    public string Activity { get; set; }

    /// <param name="percent">0-100, or -1 when the end cannot be told.</param>
    public void Update(string status, int percent = -1)
    {
        cmdlet.WriteProgress(NewRecord(status, percent, ProgressRecordType.Processing));
        shown = true;
    }

    public void Complete()
    {
        if (shown)
        {
            shown = false;
            cmdlet.WriteProgress(NewRecord("Done", 100, ProgressRecordType.Completed));
        }
    }

    // Hosts keep the records they are given, so each report is a new one.
    private ProgressRecord NewRecord(string status, int percent, ProgressRecordType type) =>
        new(activityId, Activity, status.Length == 0 ? " " : status)
        {
            PercentComplete = percent,
            RecordType = type,
        };
}
