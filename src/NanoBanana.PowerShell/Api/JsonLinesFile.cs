using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading;
using System.Threading.Tasks;

namespace NanoBanana.Api;

/// <summary>
/// A JSON Lines file that runspaces and processes share: one JSON value per line, appended under a lock in one write
/// (flushed to disk when asked), so a crash leaves at most a torn last line. The lock is the sibling file
/// "&lt;path&gt;.lock" held open exclusively (the system lets go of it when a process dies; the file itself stays), plus
/// a gate per file within the process so threads queue instead of polling. Reading never takes the lock: it skips a
/// torn last line and any line that is not a record, and never fails on them. Writing creates the folder.
/// </summary>
internal sealed class JsonLinesFile
{
    /// <summary>How long an append or a rewrite waits for another writer before it fails.</summary>
    public static readonly TimeSpan DefaultLockTimeout = TimeSpan.FromSeconds(10);

    private const byte NewLine = (byte)'\n';
    private const int ReadBlock = 1 << 16;
    private const FileShare Shared = FileShare.ReadWrite | FileShare.Delete;

    /// <summary>From this size on, reading all records reads the two halves of the file at once.</summary>
    private const long SplitBytes = 8L << 20;

    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Gates = new(
        RuntimeInformation.IsOSPlatform(OSPlatform.Windows)
            ? StringComparer.OrdinalIgnoreCase
            : StringComparer.Ordinal);

    public JsonLinesFile(string path, TimeSpan? lockTimeout = null)
    {
        Path = System.IO.Path.GetFullPath(path);
        LockTimeout = lockTimeout ?? DefaultLockTimeout;
    }

    /// <summary>The file's full path.</summary>
    public string Path { get; }

    /// <summary>The lock file beside it.</summary>
    public string LockPath => Path + ".lock";

    public TimeSpan LockTimeout { get; }

    /// <summary>The file's size in bytes; 0 when it does not exist.</summary>
    public long Length => File.Exists(Path) ? new FileInfo(Path).Length : 0;

    /// <summary>
    /// Appends one record as one line; with <paramref name="toDisk"/> it returns only once the line is on the disk, not
    /// just with the system (which keeps it through a crash of the process, not of the machine). Throws IOException or
    /// UnauthorizedAccessException when it cannot.
    /// </summary>
    public void Append<T>(T record, JsonTypeInfo<T> type, bool toDisk = true) =>
        AppendLines([JsonSerializer.SerializeToUtf8Bytes(record, type)], toDisk);

    /// <summary>
    /// Appends JSON values (UTF-8, no line breaks), one per line, in one write under the lock. After a torn last line it
    /// starts a new line, so the torn one loses only itself.
    /// </summary>
    public void AppendLines(IReadOnlyList<byte[]> lines, bool toDisk = true)
    {
        var buffer = Frame(lines);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        using (Lock())
        {
            using var stream = new FileStream(Path, FileMode.OpenOrCreate, FileAccess.ReadWrite, Shared, 1);
            var offset = EndsWithNewLine(stream) ? 1 : 0;
            stream.Write(buffer, offset, buffer.Length - offset);
            stream.Flush(flushToDisk: toDisk);
        }
    }

    /// <summary>
    /// Compiles a method optimized at once, skipping the quick first compilation: for the loops that read a large
    /// file once (MethodImplOptions.AggressiveOptimization, which netstandard2.0 does not name).
    /// </summary>
    internal const MethodImplOptions AggressiveOptimization = (MethodImplOptions)512;

    /// <summary>Reads a line into a record; null when the line is not one.</summary>
    public delegate T? LineParser<T>(ReadOnlySpan<byte> line)
        where T : class;

    private delegate void LineVisitor(ReadOnlySpan<byte> line);

    /// <summary>The records, in file order; a missing file has none. Torn and unparsable lines are skipped.</summary>
    public List<T> Read<T>(JsonTypeInfo<T> type)
        where T : class =>
        Collect(line => TryParse(line, type), 0, long.MaxValue);

    /// <summary>
    /// The records, in file order, read by parsers <paramref name="newParser"/> makes (faster than a serializer for a
    /// known shape), all at once; a missing file has none. Lines a parser returns null for are skipped. A large file is
    /// read in two halves at once when there are two processors, each by a parser of its own.
    /// </summary>
    public List<T> ReadAll<T>(Func<LineParser<T>> newParser)
        where T : class
    {
        var middle = Environment.ProcessorCount > 1 ? Middle() : 0;
        if (middle == 0)
        {
            return Collect(newParser(), 0, long.MaxValue);
        }

        var secondHalf = Task.Run(() => Collect(newParser(), middle, long.MaxValue));
        var records = Collect(newParser(), 0, middle);
        records.AddRange(secondHalf.GetAwaiter().GetResult());
        return records;
    }

    private List<T> Collect<T>(LineParser<T> parse, long from, long to)
        where T : class
    {
        var records = new List<T>();
        ScanLines(
            line =>
            {
                if (parse(line) is { } record)
                {
                    records.Add(record);
                }
            },
            from,
            to);
        return records;
    }

    /// <summary>Where the first line of the file's second half starts, if the file is large enough to split; else 0.</summary>
    private long Middle()
    {
        var length = Length;
        using var stream = length < SplitBytes ? null : OpenForReading();
        if (stream is null)
        {
            return 0;
        }

        var half = length / 2;
        stream.Seek(half, SeekOrigin.Begin);
        var buffer = new byte[ReadBlock];
        var index = buffer.AsSpan(0, stream.Read(buffer, 0, buffer.Length)).IndexOf(NewLine);
        return index < 0 ? 0 : half + index + 1;
    }

    /// <summary>
    /// Keeps the records <paramref name="keep"/> accepts and drops the rest (torn and unparsable lines too), replacing
    /// the file at once under the lock (<see cref="AtomicFile"/>): readers see the old file or the new one. Returns the
    /// number of lines dropped.
    /// </summary>
    public int Rewrite<T>(JsonTypeInfo<T> type, Func<T, bool> keep)
        where T : class
    {
        if (!File.Exists(Path))
        {
            return 0;
        }

        var dropped = 0;
        using (Lock())
        {
            AtomicFile.WriteThrough(Path, overwrite: true, output => ScanLines(
                line =>
                {
                    if (TryParse(line, type) is { } record && keep(record))
                    {
                        output.Write(line.ToArray(), 0, line.Length);
                        output.WriteByte(NewLine);
                    }
                    else
                    {
                        dropped++;
                    }
                },
                0,
                long.MaxValue));
        }

        return dropped;
    }

    /// <summary>
    /// Calls <paramref name="visit"/> with each non-empty line of the bytes from <paramref name="from"/> (the start of a
    /// line) up to <paramref name="to"/> (the start of a line, or past the end), the last one also when it is torn.
    /// </summary>
    [MethodImpl(AggressiveOptimization)]
    private void ScanLines(LineVisitor visit, long from, long to)
    {
        using var stream = OpenForReading();
        if (stream is null)
        {
            return;
        }

        stream.Seek(from, SeekOrigin.Begin);
        var left = to - from;
        var buffer = new byte[ReadBlock];
        int start = 0, end = 0;
        while (true)
        {
            var index = IndexOfNewLine(buffer, start, end);
            if (index >= 0)
            {
                if (index > start)
                {
                    visit(new ReadOnlySpan<byte>(buffer, start, index - start));
                }

                start = index + 1;
            }
            else if (Refill(stream, ref buffer, ref start, ref end, ref left) == 0)
            {
                if (end > start)
                {
                    visit(new ReadOnlySpan<byte>(buffer, start, end - start));
                }

                return;
            }
        }
    }

    private static T? TryParse<T>(ReadOnlySpan<byte> line, JsonTypeInfo<T> type)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize(line, type);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The lines framed for one write: a leading line break (written only after a torn line), each line, a break.</summary>
    private static byte[] Frame(IReadOnlyList<byte[]> lines)
    {
        var length = 1;
        foreach (var line in lines)
        {
            if (line.AsSpan().IndexOf(NewLine) >= 0)
            {
                throw new ArgumentException("A JSON Lines record may not contain a line break.", nameof(lines));
            }

            length += line.Length + 1;
        }

        var buffer = new byte[length];
        buffer[0] = NewLine;
        var at = 1;
        foreach (var line in lines)
        {
            Buffer.BlockCopy(line, 0, buffer, at, line.Length);
            at += line.Length;
            buffer[at++] = NewLine;
        }

        return buffer;
    }

    /// <summary>Whether the file is empty or ends a line; leaves the position at the end.</summary>
    private static bool EndsWithNewLine(FileStream stream)
    {
        if (stream.Length == 0)
        {
            return true;
        }

        stream.Seek(-1, SeekOrigin.End);
        return stream.ReadByte() == NewLine;
    }

    private static int IndexOfNewLine(byte[] buffer, int start, int end)
    {
        var index = buffer.AsSpan(start, end - start).IndexOf(NewLine);
        return index < 0 ? -1 : start + index;
    }

    /// <summary>
    /// Moves the unread bytes to the front, grows the buffer when a line fills it, and reads more, at most
    /// <paramref name="left"/> bytes.
    /// </summary>
    private static int Refill(FileStream stream, ref byte[] buffer, ref int start, ref int end, ref long left)
    {
        if (start > 0)
        {
            Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
            end -= start;
            start = 0;
        }

        if (end == buffer.Length)
        {
            Array.Resize(ref buffer, buffer.Length * 2);
        }

        var read = stream.Read(buffer, end, (int)Math.Min(buffer.Length - end, left));
        end += read;
        left -= read;
        return read;
    }

    private FileStream? OpenForReading()
    {
        try
        {
            return new FileStream(Path, FileMode.Open, FileAccess.Read, Shared, 1);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Takes the lock: first this process's gate for the file, then the lock file, within the timeout.</summary>
    private Held Lock()
    {
        var deadline = DateTime.UtcNow + LockTimeout;
        var gate = Gates.GetOrAdd(LockPath, _ => new SemaphoreSlim(1, 1));
        if (!gate.Wait(LockTimeout))
        {
            throw TimedOut();
        }

        try
        {
            return new Held(gate, OpenLockFile(deadline));
        }
        catch
        {
            gate.Release();
            throw;
        }
    }

    /// <summary>Opens the lock file exclusively, retrying with short sleeps while another process holds it.</summary>
    private FileStream OpenLockFile(DateTime deadline)
    {
        var delay = 1;
        while (true)
        {
            try
            {
                return new FileStream(LockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1);
            }
            catch (IOException e) when (e is not (FileNotFoundException or DirectoryNotFoundException
                or PathTooLongException))
            {
                if (DateTime.UtcNow >= deadline)
                {
                    throw TimedOut(e);
                }

                Thread.Sleep(delay);
                delay = Math.Min(delay * 2, 16);
            }
        }
    }

    private IOException TimedOut(Exception? inner = null) => new(
        $"Another writer held the lock '{LockPath}' for more than {LockTimeout.TotalSeconds:0.#} s.",
        inner);

    private sealed class Held(SemaphoreSlim gate, FileStream lockFile) : IDisposable
    {
        public void Dispose()
        {
            lockFile.Dispose();
            gate.Release();
        }
    }
}
