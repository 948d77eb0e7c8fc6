using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace NanoBanana.Api;

/// <summary>
/// Files that appear whole or not at all: written into a hidden temp file in the target folder, flushed to disk, then
/// renamed into place. A failure or a cancellation leaves no temp file and leaves an existing target as it was.
/// </summary>
internal static class AtomicFile
{
    private const string TempSuffix = ".tmp";

    /// <summary>A fresh hidden temp file name in <paramref name="directory"/> for a file named <paramref name="stem"/>.</summary>
    public static string TempPath(string directory, string stem) =>
        FileNames.PathInside(directory, $".{stem}.{Guid.NewGuid():N}{TempSuffix}");

    /// <summary>The hidden temp files in <paramref name="directory"/>, of any name; none when it cannot be listed.</summary>
    public static List<string> FindTemps(string directory)
    {
        try
        {
            return [.. Directory.EnumerateFiles(directory, $".*{TempSuffix}").Where(IsTemp)];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Leftovers are only clutter; failing to list them never fails a write.
            return [];
        }
    }

    /// <summary>
    /// Deletes <paramref name="temp"/> if it is a temp file of <paramref name="name"/> (or of its sidecar) that no writer
    /// holds (a writer holds its temp file locked, FileShare.None): what a writer killed mid-write left. Whether it did.
    /// </summary>
    public static bool TryRemoveLeftover(string temp, string name)
    {
        if (!Path.GetFileName(temp).StartsWith($".{name}.", StringComparison.Ordinal) || !IsUnheld(temp))
        {
            return false;
        }

        TryDelete(temp);
        return !File.Exists(temp);
    }

    /// <summary>Whether the file's name is ".&lt;name&gt;.&lt;32 hex digits&gt;.tmp", as <see cref="TempPath"/> makes.</summary>
    private static bool IsTemp(string path)
    {
        var name = Path.GetFileName(path);
        var unique = name.Length - TempSuffix.Length - 32;
        return unique > 2 && name[0] == '.' && name[unique - 1] == '.'
            && name.EndsWith(TempSuffix, StringComparison.Ordinal) && name.Skip(unique).Take(32).All(Uri.IsHexDigit);
    }

    /// <summary>Whether no writer holds the file open.</summary>
    private static bool IsUnheld(string path)
    {
        try
        {
            using var probe = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.None, 1);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>
    /// Writes <paramref name="path"/> by <paramref name="write"/> through a temp file. Without
    /// <paramref name="overwrite"/> an existing file is kept and the write is <see cref="NbErrorKind.FileExists"/>; a
    /// disk failure is <see cref="NbErrorKind.SaveFailed"/> naming the file.
    /// </summary>
    public static void Write(string path, bool overwrite, Action<Stream> write)
    {
        try
        {
            WriteThrough(path, overwrite, write);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new NbApiException(
                NbErrorKind.SaveFailed,
                $"The file '{path}' could not be written: {e.Message}",
                innerException: e);
        }
    }

    /// <summary><see cref="Write"/>, but a disk failure is thrown as it is (IOException, UnauthorizedAccessException).</summary>
    public static void WriteThrough(string path, bool overwrite, Action<Stream> write)
    {
        var directory = Path.GetDirectoryName(path) ?? ".";
        var temp = TempPath(directory, Path.GetFileName(path));
        var moved = false;
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }

            MoveIntoPlace(temp, path, overwrite);
            moved = true;
            new TempLeftovers().RemoveFor(directory, Path.GetFileName(path));
        }
        finally
        {
            if (!moved)
            {
                TryDelete(temp);
            }
        }
    }

    /// <summary>Renames a finished temp file into place; <see cref="NbErrorKind.FileExists"/> when the target exists and may not be replaced.</summary>
    public static void MoveIntoPlace(string temp, string final, bool overwrite)
    {
        if (overwrite && File.Exists(final))
        {
            File.Replace(temp, final, destinationBackupFileName: null);
            return;
        }

        try
        {
            File.Move(temp, final);
        }
        catch (IOException) when (File.Exists(final))
        {
            throw ApiErrors.FileExists(final);
        }
    }

    /// <summary>
    /// <see cref="MoveIntoPlace"/>, but false when, without <paramref name="overwrite"/>, the target appeared meanwhile:
    /// for a name that says what the file is (an image's), theirs is the same file, so it stays.
    /// </summary>
    public static bool TryMoveIntoPlace(string temp, string final, bool overwrite)
    {
        try
        {
            MoveIntoPlace(temp, final, overwrite);
            return true;
        }
        catch (NbApiException e) when (e.Kind == NbErrorKind.FileExists)
        {
            return false;
        }
    }

    /// <summary>Deletes a file if it can; a failure to clean up never hides the failure that caused it.</summary>
    public static void TryDelete(string? path)
    {
        if (path is null)
        {
            return;
        }

        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
