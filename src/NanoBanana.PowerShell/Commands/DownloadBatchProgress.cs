using System;
using System.Linq;
using System.Management.Automation;

namespace NanoBanana.Commands;

/// <summary>Save-NbImage's bar: the file's progress when one downloads, the batch's when several do.</summary>
internal sealed class DownloadBatchProgress : BatchProgress<int, (string Stem, long Bytes, long? Total)>
{
    private const int ActivityId = 7303;
    private readonly string directory;

    public DownloadBatchProgress(Cmdlet cmdlet, string directory)
        : base(cmdlet, ActivityId, "Saving images") => this.directory = directory;

    /// <summary>Starts showing a download and returns its number.</summary>
    public int Begin(string stem)
    {
        var download = Started + 1;
        Begin(download, (stem, 0, null));
        return download;
    }

    public void Update(int download, long bytes, long? total) => Update(download, state => (state.Stem, bytes, total));

    /// <inheritdoc/>
    protected override (string Activity, string Status, int Percent) Describe()
    {
        if (Running == 1 && Started - Finished <= 1)
        {
            var (stem, bytes, total) = InFlight.First().Value;
            return (
                $"Saving {stem}",
                total is { } size ? $"{bytes / 1024:N0} of {size / 1024:N0} KB" : $"{bytes / 1024:N0} KB",
                total is > 0 ? (int)(100 * bytes / total.Value) : -1);
        }

        return (
            $"Saving {Started} image(s) to {directory}",
            $"{Finished} saved, {Running} downloading ({InFlight.Sum(d => d.Value.Bytes) / 1024:N0} KB so far)",
            100 * Finished / Math.Max(1, Started));
    }
}
