using System.Management.Automation;

namespace NanoBanana.Commands;

/// <summary>One progress bar of a cmdlet. Call it from the pipeline thread; <see cref="Complete"/> removes it and is safe to call twice.</summary>
internal sealed class ProgressBar
{
    private readonly Cmdlet cmdlet;
    private readonly ProgressRecord record;
    private bool shown;

    public ProgressBar(Cmdlet cmdlet, int activityId, string activity, int parentActivityId = -1)
    {
        this.cmdlet = cmdlet;
        record = new ProgressRecord(activityId, activity, "Starting") { ParentActivityId = parentActivityId };
    }

    /// <param name="percent">0-100, or -1 when the end cannot be told.</param>
    public void Update(string status, int percent = -1, string? operation = null)
    {
        record.StatusDescription = status.Length == 0 ? " " : status;
        record.PercentComplete = percent;
        record.CurrentOperation = operation;
        record.RecordType = ProgressRecordType.Processing;
        cmdlet.WriteProgress(record);
        shown = true;
    }

    public void Complete()
    {
        if (!shown)
        {
            return;
        }

        shown = false;
        record.RecordType = ProgressRecordType.Completed;
        record.PercentComplete = 100;
        cmdlet.WriteProgress(record);
    }
}
