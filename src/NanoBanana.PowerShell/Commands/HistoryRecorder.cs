using System;
using System.Management.Automation;
using NanoBanana.Api;

namespace NanoBanana.Commands;

/// <summary>
/// A command's writer of the history (<see cref="GenerationHistory"/>), on the pipeline thread. A history that cannot
/// be written is one warning per command, never a failed generation; -NoHistory or NANO_BANANA_HISTORY=off turn it off.
/// </summary>
internal sealed class HistoryRecorder
{
    private readonly Cmdlet cmdlet;
    private readonly bool off;
    private GenerationHistory? history;
    private bool resolved;
    private bool warned;

    public HistoryRecorder(Cmdlet cmdlet, bool off)
    {
        this.cmdlet = cmdlet;
        this.off = off;
    }

    /// <summary>Records what is about to be submitted; returns the entry id the outcome is recorded under.</summary>
    public string Intent(GenerationRequest request)
    {
        var entry = GenerationHistory.NewEntry();
        Write(h => h.Intent(entry, request));
        return entry;
    }

    /// <summary><paramref name="next"/>, after recording the submission's outcome.</summary>
    public Action<NbGeneration> AfterOutcome(string entry, Action<NbGeneration> next) => generation =>
    {
        Outcome(entry, generation);
        next(generation);
    };

    /// <summary><paramref name="next"/>, after recording the submission's failure.</summary>
    public Action<NbApiException> AfterFailure(string entry, Action<NbApiException> next) => failure =>
    {
        Failure(entry, failure);
        next(failure);
    };

    /// <summary><paramref name="next"/>, after recording where an image of a known generation was saved.</summary>
    public Action<SavedImage> AfterSave(ImageSource image, Action<SavedImage> next) => file =>
    {
        if (image.GenerationId is { Length: > 0 } id)
        {
            Saved(id, image.Index, file.Path);
        }

        next(file);
    };

    /// <summary>Records a generation read by id once it has finished, so the history shows its final state.</summary>
    public void Finished(NbGeneration generation)
    {
        if (generation.Status is not NbGenerationStatus.Processing)
        {
            Outcome(null, generation);
        }
    }

    /// <summary>Records the id the service took a submission under, so the history keeps it should the wait end early.</summary>
    public void Taken(string entry, string generationId) => Write(h => h.Taken(entry, generationId));

    public void Outcome(string? entry, NbGeneration generation) => Write(h => h.Outcome(entry, generation));

    public void Failure(string entry, NbApiException failure) => Write(h => h.Failure(entry, failure));

    public void Saved(string generationId, int index, string path) => Write(h => h.Saved(generationId, index, path));

    private void Write(Action<GenerationHistory> write)
    {
        string? path = null;
        try
        {
            if (!resolved)
            {
                resolved = true;
                history = off ? null : GenerationHistory.FromEnvironment();
            }

            path = history?.File.Path;
            if (history is not null)
            {
                write(history);
            }
        }
        catch (Exception e) when (HistoryFile.IsFileFailure(e))
        {
            Warn(path, e);
        }
    }

    private void Warn(string? path, Exception e)
    {
        if (warned)
        {
            return;
        }

        warned = true;
        var where = path is null ? $"(from {HistoryLocation.Variable})" : $"'{path}'";
        cmdlet.WriteWarning(
            $"The history {where} could not be written: {e.Message} The generations are not affected, and this " +
            $"command warns about it only once. Set {HistoryLocation.Variable} to another file, or to " +
            $"'{HistoryLocation.Off}' (or use -NoHistory) to keep no history.");
    }
}
