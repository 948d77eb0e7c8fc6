using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;

namespace NanoBanana.Api;

/// <summary>
/// The JSON body of POST /generate, written straight to the connection: its length is known before anything is sent,
/// and reference files are encoded block by block as they are written, so memory use does not grow with their size.
/// </summary>
internal sealed class SubmissionBody
{
    private static readonly byte[] ReferencesStart = Encoding.ASCII.GetBytes(",\"referenceImageUrls\":[");
    private static readonly byte[] ReferencesEnd = Encoding.ASCII.GetBytes("]}");
    private readonly byte[] fields;
    private readonly IReadOnlyList<ReferenceImage> references;

    /// <param name="fields">The body without the references.</param>
    public SubmissionBody(GenerateRequestDto fields, IReadOnlyList<ReferenceImage> references)
    {
        this.fields = JsonSerializer.SerializeToUtf8Bytes(fields, ApiJsonContext.Default.GenerateRequestDto);
        this.references = references;
        var separators = Math.Max(0, references.Count - 1);
        Length = references.Count == 0
            ? this.fields.Length
            : this.fields.Length - 1 + ReferencesStart.Length + references.Sum(r => r.BodyLength) + separators
                + ReferencesEnd.Length;
    }

    public long Length { get; }

    public async Task WriteToAsync(Stream output)
    {
        if (references.Count == 0)
        {
            await output.WriteAsync(fields, 0, fields.Length).ConfigureAwait(false);
            return;
        }

        // The fields' closing brace gives way to the references.
        await output.WriteAsync(fields, 0, fields.Length - 1).ConfigureAwait(false);
        await output.WriteAsync(ReferencesStart, 0, ReferencesStart.Length).ConfigureAwait(false);
        for (var i = 0; i < references.Count; i++)
        {
            if (i > 0)
            {
                output.WriteByte((byte)',');
            }

            await references[i].WriteJsonAsync(output).ConfigureAwait(false);
        }

        await output.WriteAsync(ReferencesEnd, 0, ReferencesEnd.Length).ConfigureAwait(false);
    }
}
