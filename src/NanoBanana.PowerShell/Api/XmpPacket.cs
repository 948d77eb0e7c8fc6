using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace NanoBanana.Api;

/// <summary>
/// The XMP packet Save-NbImage embeds: the prompt as dc:description (what exiftool and photo tools show as the
/// description), the module as xmp:CreatorTool, and the whole record under the module's own namespace. Text is
/// escaped so that any prompt comes back exactly (also &lt;, &amp;, quotes, carriage returns); the few characters XML
/// 1.0 cannot carry (control characters other than tab and line breaks, unpaired surrogates) become U+FFFD.
/// </summary>
internal static class XmpPacket
{
    /// <summary>The namespace of the module's own record.</summary>
    public const string Namespace = "https://ns.nanobanana.dev/powershell/1.0/";

    private const string Rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
    private static readonly XNamespace Nb = Namespace;

    /// <summary>The packet as text, ready for a PNG iTXt chunk or a JPEG APP1 segment (UTF-8).</summary>
    public static string Build(ImageProvenance record)
    {
        var text = new StringBuilder();
        text.Append("<?xpacket begin=\"\uFEFF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n")
            .Append("<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n")
            .Append(" <rdf:RDF xmlns:rdf=\"").Append(Rdf).Append("\">\n")
            .Append("  <rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"")
            .Append(" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\" xmlns:nb=\"").Append(Namespace).Append("\">\n");
        if (record.Prompt is not null)
        {
            text.Append("   <dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">")
                .Append(Escape(record.Prompt)).Append("</rdf:li></rdf:Alt></dc:description>\n");
        }

        Element(text, "xmp:CreatorTool", record.CreatedBy);
        Element(text, "xmp:CreateDate", record.CreatedAt?.ToString("yyyy-MM-dd'T'HH:mm:sszzz", Invariant));
        foreach (var (name, value) in ProvenanceFields.Of(record))
        {
            Element(text, "nb:" + name, value);
        }

        if (record.ReferenceImages is { } references)
        {
            text.Append("   <nb:ReferenceImages><rdf:Seq>");
            foreach (var reference in references)
            {
                text.Append("<rdf:li>").Append(Escape(reference)).Append("</rdf:li>");
            }

            text.Append("</rdf:Seq></nb:ReferenceImages>\n");
        }

        return text.Append("  </rdf:Description>\n </rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>").ToString();
    }

    /// <summary>The module's record in an XMP packet; null when the packet holds none or is not XML.</summary>
    public static ImageProvenance? Parse(string packet)
    {
        XDocument document;
        try
        {
            var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };
            using var reader = XmlReader.Create(new StringReader(packet), settings);
            document = XDocument.Load(reader, LoadOptions.PreserveWhitespace);
        }
        catch (XmlException)
        {
            return null;
        }

        var descriptions = document.Descendants(XName.Get("Description", Rdf)).ToList();
        var values = descriptions.SelectMany(d => d.Attributes().Where(a => a.Name.Namespace == Nb)
                .Select(a => (a.Name.LocalName, a.Value))
                .Concat(d.Elements().Where(e => e.Name.Namespace == Nb && !e.HasElements)
                    .Select(e => (e.Name.LocalName, e.Value))))
            .ToList();
        var references = descriptions.Elements(Nb + "ReferenceImages").FirstOrDefault();
        if (values.Count == 0 && references is null)
        {
            return null;
        }

        var record = ProvenanceFields.From(values);
        return references is null ? record : record with
        {
            ReferenceImages = [.. references.Descendants(XName.Get("li", Rdf)).Select(li => li.Value)],
        };
    }

    private static CultureInfo Invariant => CultureInfo.InvariantCulture;

    private static void Element(StringBuilder text, string name, string? value)
    {
        if (value is not null)
        {
            text.Append("   <").Append(name).Append('>').Append(Escape(value)).Append("</").Append(name).Append(">\n");
        }
    }

    /// <summary>Element text that parses back to exactly <paramref name="value"/> where XML 1.0 allows it.</summary>
    public static string Escape(string value)
    {
        var text = new StringBuilder(value.Length + 16);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                text.Append(c).Append(value[++i]);
                continue;
            }

            text.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '\r' => "&#xD;",
                '\t' or '\n' => c.ToString(),
                < ' ' or '\uFFFE' or '\uFFFF' => "\uFFFD",
                _ when char.IsSurrogate(c) => "\uFFFD",
                _ => c.ToString(),
            });
        }

        return text.ToString();
    }
}
