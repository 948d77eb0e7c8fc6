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

    private delegate void Setter(HistoryRecordReader self, HistoryRecord record, ref Utf8JsonReader reader);

    /// <summary>The fields by their names in the file, the most frequent first.</summary>
    private static readonly (byte[] Name, Setter Set)[] Fields =
    [
        ("type"u8.ToArray(), (s, r, ref j) => r.Type = s.Shared(0, ref j)),
        ("entry"u8.ToArray(), (s, r, ref j) => r.Entry = j.GetString()),
        ("time"u8.ToArray(), (s, r, ref j) => r.Time = j.GetDateTimeOffset()),
        ("id"u8.ToArray(), (s, r, ref j) => r.Id = j.GetString()),
        ("prompt"u8.ToArray(), (s, r, ref j) => r.Prompt = j.GetString()),
        ("model"u8.ToArray(), (s, r, ref j) => r.Model = s.Shared(1, ref j)),
        ("aspectRatio"u8.ToArray(), (s, r, ref j) => r.AspectRatio = s.Shared(2, ref j)),
        ("mode"u8.ToArray(), (s, r, ref j) => r.Mode = s.Shared(3, ref j)),
        ("status"u8.ToArray(), (s, r, ref j) => r.Status = s.Shared(4, ref j)),
        ("credits"u8.ToArray(), (s, r, ref j) => r.Credits = j.GetInt32()),
        ("images"u8.ToArray(), (s, r, ref j) => r.Images = Strings(ref j)),
        ("createdAt"u8.ToArray(), (s, r, ref j) => r.CreatedAt = j.GetDateTimeOffset()),
        ("references"u8.ToArray(), (s, r, ref j) => r.References = Strings(ref j)),
        ("error"u8.ToArray(), (s, r, ref j) => r.Error = j.GetString()),
        ("message"u8.ToArray(), (s, r, ref j) => r.Message = j.GetString()),
        ("index"u8.ToArray(), (s, r, ref j) => r.Index = j.GetInt32()),
        ("path"u8.ToArray(), (s, r, ref j) => r.Path = j.GetString()),
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
                Fields[field].Set(this, record, ref reader);
            }
        }

        // The object must be closed, and nothing may follow it (the reader throws on anything but white space).
        return reader.TokenType == JsonTokenType.EndObject && !reader.Read() ? record : null;
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
        for (var i = 0; i < Fields.Length; i++)
        {
            if (reader.ValueTextEquals(Fields[i].Name))
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
