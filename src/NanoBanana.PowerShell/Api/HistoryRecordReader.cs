using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace NanoBanana.Api;

/// <summary>
/// Reads one line of the history into a <see cref="HistoryRecord"/> straight from its UTF-8 bytes: reading a history
/// of 100,000 generations is mostly this, and it is about twice as fast as the serializer's metadata path. It reads
/// what <see cref="HistoryJsonContext"/> writes; unknown fields are skipped, so newer records still read. Values that
/// repeat from line to line (type, status, mode, model, aspect ratio) are shared, not allocated per line: fewer
/// objects for the garbage collector while a large history is held in memory. One instance per thread.
/// </summary>
internal sealed class HistoryRecordReader
{
    /// <summary>How many different values of a repeating field are shared; past that they are allocated as usual.</summary>
    private const int SharedValues = 32;

    private readonly List<(byte[] Utf8, string Text)>[] shared = [[], [], [], [], []];

    /// <summary>The fields by their names in the file, the most frequent first; <see cref="Set"/> reads each.</summary>
    private static readonly byte[][] FieldNames =
    [
        "type"u8.ToArray(),
        "entry"u8.ToArray(),
        "time"u8.ToArray(),
        "id"u8.ToArray(),
        "prompt"u8.ToArray(),
        "model"u8.ToArray(),
        "aspectRatio"u8.ToArray(),
        "mode"u8.ToArray(),
        "status"u8.ToArray(),
        "credits"u8.ToArray(),
        "images"u8.ToArray(),
        "createdAt"u8.ToArray(),
        "references"u8.ToArray(),
        "error"u8.ToArray(),
        "message"u8.ToArray(),
        "index"u8.ToArray(),
        "path"u8.ToArray(),
        "remaining"u8.ToArray(),
    ];

    /// <summary>The record on a line; null when the line is not one (torn, not JSON, a field of another type).</summary>
    [MethodImpl(JsonLinesFile.AggressiveOptimization)]
    public HistoryRecord? Parse(ReadOnlySpan<byte> line)
    {
        try
        {
            var reader = new Utf8JsonReader(line);
            return reader.Read() && reader.TokenType == JsonTokenType.StartObject ? ReadObject(ref reader) : null;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    [MethodImpl(JsonLinesFile.AggressiveOptimization)]
    private HistoryRecord? ReadObject(ref Utf8JsonReader reader)
    {
        var record = new HistoryRecord();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var field = FieldOf(ref reader);
            reader.Read();
            if (field < 0 || reader.TokenType == JsonTokenType.Null)
            {
                reader.Skip();
            }
            else
            {
                Set(field, record, ref reader);
            }
        }

        // The object must be closed, and nothing may follow it (the reader throws on anything but white space).
        return reader.TokenType == JsonTokenType.EndObject && !reader.Read() ? record : null;
    }

    /// <summary>Reads the value of the field <paramref name="field"/> (an index of <see cref="FieldNames"/>).</summary>
    [MethodImpl(JsonLinesFile.AggressiveOptimization)]
    private void Set(int field, HistoryRecord record, ref Utf8JsonReader reader)
    {
        switch (field)
        {
            case 0: record.Type = Shared(0, ref reader); break;
            case 1: record.Entry = reader.GetString(); break;
            case 2: record.Time = reader.GetDateTimeOffset(); break;
            case 3: record.Id = reader.GetString(); break;
            case 4: record.Prompt = reader.GetString(); break;
            case 5: record.Model = Shared(1, ref reader); break;
            case 6: record.AspectRatio = Shared(2, ref reader); break;
            case 7: record.Mode = Shared(3, ref reader); break;
            case 8: record.Status = Shared(4, ref reader); break;
            case 9: record.Credits = reader.GetInt32(); break;
            case 10: record.Images = Strings(ref reader); break;
            case 11: record.CreatedAt = reader.GetDateTimeOffset(); break;
            case 12: record.References = Strings(ref reader); break;
            case 13: record.Error = reader.GetString(); break;
            case 14: record.Message = reader.GetString(); break;
            case 15: record.Index = reader.GetInt32(); break;
            case 16: record.Path = reader.GetString(); break;
            default: record.Remaining = reader.GetInt32(); break;
        }
    }

    /// <summary>The string value, shared with an earlier equal one of the same field.</summary>
    [MethodImpl(JsonLinesFile.AggressiveOptimization)]
    private string? Shared(int field, ref Utf8JsonReader reader)
    {
        var values = shared[field];
        foreach (var (utf8, text) in values)
        {
            if (reader.ValueTextEquals(utf8))
            {
                return text;
            }
        }

        var value = reader.GetString();
        if (value is not null && values.Count < SharedValues)
        {
            values.Add((Encoding.UTF8.GetBytes(value), value));
        }

        return value;
    }

    [MethodImpl(JsonLinesFile.AggressiveOptimization)]
    private static int FieldOf(ref Utf8JsonReader reader)
    {
        for (var i = 0; i < FieldNames.Length; i++)
        {
            if (reader.ValueTextEquals(FieldNames[i]))
            {
                return i;
            }
        }

        return -1;
    }

    [MethodImpl(JsonLinesFile.AggressiveOptimization)]
    private static string[] Strings(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new InvalidOperationException("An array of strings was expected.");
        }

        var items = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.GetString() is { } item)
            {
                items.Add(item);
            }
        }

        return [.. items];
    }
}
