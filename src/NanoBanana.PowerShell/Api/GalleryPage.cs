using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;

namespace NanoBanana.Api;

/// <summary>
/// Writes a gallery page: one self-contained HTML file (style and script inline, nothing fetched) with a grid of the
/// images, each linked by a relative URL and captioned from its metadata, and a summary at the top. Every text from
/// the images is HTML-encoded and no data goes into the script, so a prompt is always text. The grid and captions
/// are plain HTML; the script adds the filter and the large view.
/// </summary>
internal static class GalleryPage
{
    /// <summary>The generator the page names in its head: the mark that it may be replaced without -Force.</summary>
    public const string Generator = "NanoBanana Export-NbGallery";

    private const string GeneratorTag = "<meta name=\"generator\" content=\"" + Generator + "\">";

    /// <summary>How far into a file the mark is looked for: it is in the head, near the top.</summary>
    private const int MarkWindow = 4096;

    /// <summary>Whether the file at <paramref name="path"/> is a page this module wrote.</summary>
    public static bool IsGalleryPage(string path)
    {
        var buffer = new char[MarkWindow];
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var read = reader.ReadBlock(buffer, 0, buffer.Length);
        return new string(buffer, 0, read).IndexOf(GeneratorTag, StringComparison.Ordinal) >= 0;
    }

    /// <summary>
    /// Writes the page for <paramref name="images"/>, newest first (images without a date after, in the given order),
    /// with links relative to <paramref name="pageFolder"/>, the folder the page is saved in.
    /// </summary>
    public static void Write(TextWriter writer, string title, IEnumerable<NbImageInfo> images, string pageFolder)
    {
        var ordered = images.Select((image, index) => (image, index))
            .OrderByDescending(x => x.image.CreatedAt.HasValue)
            .ThenByDescending(x => x.image.CreatedAt)
            .ThenBy(x => x.index)
            .Select(x => x.image)
            .ToList();
        WriteHead(writer, title);
        writer.Write("<body>\n<header>\n<h1>");
        writer.Write(Encode(title));
        writer.Write("</h1>\n");
        WriteSummary(writer, ordered);
        writer.Write("<div class=\"tools\" id=\"tools\" hidden><input type=\"search\" id=\"filter\" " +
            "placeholder=\"Filter by prompt\" aria-label=\"Filter by prompt\" autocomplete=\"off\">" +
            "<span id=\"shown\" aria-live=\"polite\"></span></div>\n</header>\n<main id=\"grid\">\n");
        foreach (var image in ordered)
        {
            WriteItem(writer, image, GalleryLinks.RelativeUrl(pageFolder, image.Path));
        }

        writer.Write("</main>\n");
        if (ordered.Count == 0)
        {
            writer.Write("<p class=\"empty\">No images.</p>\n");
        }

        writer.Write("<script>" + GalleryAssets.Script + "</script>\n</body>\n</html>\n");
    }

    private static void WriteHead(TextWriter writer, string title)
    {
        writer.Write("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        writer.Write(GeneratorTag + "\n");
        writer.Write("<meta http-equiv=\"Content-Security-Policy\" content=\"" +
            Encode(GalleryAssets.ContentSecurityPolicy) + "\">\n");
        writer.Write("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
        writer.Write(Encode(title));
        writer.Write("</title>\n<style>" + GalleryAssets.Style + "</style>\n</head>\n");
    }

    private static void WriteSummary(TextWriter writer, List<NbImageInfo> images)
    {
        var parts = new List<string> { Count(images.Count, "image") };
        var credited = images.Where(i => i.CreditsUsed.HasValue).ToList();
        if (credited.Count > 0)
        {
            var unknown = images.Count - credited.Count;
            parts.Add(Count(credited.Sum(i => i.CreditsUsed!.Value), "credit") +
                (unknown > 0 ? $" ({unknown} without a record)" : ""));
        }

        var dates = images.Where(i => i.CreatedAt.HasValue).Select(i => i.CreatedAt!.Value.UtcDateTime).ToList();
        if (dates.Count > 0)
        {
            var (first, last) = (Day(dates.Min()), Day(dates.Max()));
            parts.Add(first == last ? first : $"{first} to {last}");
        }

        writer.Write("<p class=\"summary\" id=\"summary\">");
        writer.Write(string.Concat(parts.Select(p => "<span>" + Encode(p) + "</span>")));
        writer.Write("</p>\n");
    }

    private static void WriteItem(TextWriter writer, NbImageInfo image, string url)
    {
        var name = Path.GetFileName(image.Path);
        var recorded = image.Prompt is not null || image.GenerationId is not null || image.Model is not null;
        var text = image.Prompt ?? name;
        var size = image.Width > 0 && image.Height > 0
            ? $" width=\"{Number(image.Width)}\" height=\"{Number(image.Height)}\"" : "";
        writer.Write($"<figure class=\"item\"><a class=\"thumb\" href=\"{Encode(url)}\" title=\"{Encode(name)}\">");
        writer.Write($"<img src=\"{Encode(url)}\" loading=\"lazy\" alt=\"{Encode(text)}\"{size}>");
        writer.Write($"</a>\n<figcaption><p class=\"prompt\">{Encode(text)}</p><ul class=\"facts\">");
        var facts = recorded ? RecordedFacts(image) : FileFacts(image);
        writer.Write(string.Concat(facts));
        writer.Write("</ul></figcaption></figure>\n");
    }

    private static IEnumerable<string> RecordedFacts(NbImageInfo image)
    {
        if (image.Model is { } model)
        {
            yield return Fact("model", model);
        }

        if (image.AspectRatio is { } ratio)
        {
            yield return Fact("ratio", ratio);
        }

        if (image.CreatedAt is { } created)
        {
            var utc = created.UtcDateTime;
            var iso = utc.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
            var shown = utc.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
            yield return $"<li class=\"date\"><time datetime=\"{iso}\">{shown}</time></li>";
        }

        if (image.GenerationId is { } id)
        {
            yield return Fact("id", id);
        }

        if (image.CreditsUsed is { } credits)
        {
            yield return Fact("credits", Count(credits, "credit"));
        }
    }

    private static IEnumerable<string> FileFacts(NbImageInfo image)
    {
        yield return Fact("size", Size(image.Length));
        if (image.Width > 0 && image.Height > 0)
        {
            yield return Fact("pixels", $"{Number(image.Width)} \u00d7 {Number(image.Height)}");
        }
    }

    private static string Fact(string kind, string text) => $"<li class=\"{kind}\">{Encode(text)}</li>";

    private static string Count(long n, string noun) => $"{Number(n)} {noun}{(n == 1 ? "" : "s")}";

    private static string Number(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    private static string Day(DateTime utc) => utc.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Size(long bytes) => bytes switch
    {
        < 1024 => $"{Number(bytes)} bytes",
        < 1024 * 1024 => $"{Number((bytes + 512) / 1024)} KB",
        _ => (bytes / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture) + " MB",
    };

    /// <summary>Text for HTML content and quoted attributes: the five characters markup could use, as references.</summary>
    public static string Encode(string text)
    {
        var builder = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            _ = c switch
            {
                '&' => builder.Append("&amp;"),
                '<' => builder.Append("&lt;"),
                '>' => builder.Append("&gt;"),
                '"' => builder.Append("&quot;"),
                '\'' => builder.Append("&#39;"),
                _ => builder.Append(c),
            };
        }

        return builder.ToString();
    }
}
