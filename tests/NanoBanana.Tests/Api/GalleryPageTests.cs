using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using NanoBanana.Api;

namespace NanoBanana.Tests.Api;

public class GalleryPageTests
{
    private static readonly string Folder = Path.Combine(Path.GetTempPath(), "gallery-tests", "art");

    private static NbImageInfo Image(string name, string? prompt = null, int? credits = null, string? created = null) =>
        new()
        {
            Path = Path.Combine(Folder, name),
            Format = "PNG",
            Width = 512,
            Height = 384,
            Length = 2048,
            Prompt = prompt,
            Model = prompt is null ? null : "nanobanan-2",
            GenerationId = prompt is null ? null : "gen" + name.Length,
            AspectRatio = prompt is null ? null : "4:3",
            CreditsUsed = credits,
            CreatedAt = created is null ? null : DateTimeOffset.Parse(created, System.Globalization.CultureInfo.InvariantCulture),
        };

    private static string Page(params NbImageInfo[] images) => PageTitled("art", images);

    private static string PageTitled(string title, params NbImageInfo[] images)
    {
        using var writer = new StringWriter();
        GalleryPage.Write(writer, title, images, Folder);
        return writer.ToString();
    }

    [Theory]
    [InlineData("<script>document.body.dataset.pwned = 1</script>")]
    [InlineData("<img src=x onerror=\"document.body.dataset.pwned = 1\">")]
    [InlineData("\"><svg onload=alert(1)> ' & </p></figure></main><script>x()</script>")]
    public void Hostile_prompts_and_titles_are_text_and_only_the_pages_own_script_is_there(string prompt)
    {
        var page = PageTitled(prompt, Image("a.png", prompt, 1, "2026-12-01T10:00:00Z"));

        Assert.Equal(1, Regex.Count(page, "<script", RegexOptions.IgnoreCase));
        Assert.DoesNotContain("<img src=x", page, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<svg", page, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("onerror=\"", page, StringComparison.OrdinalIgnoreCase);
        var encoded = GalleryPage.Encode(prompt);
        Assert.Contains($"<p class=\"prompt\">{encoded}</p>", page, StringComparison.Ordinal);
        Assert.Contains($"alt=\"{encoded}\"", page, StringComparison.Ordinal);
        Assert.Contains($"<title>{encoded}</title>", page, StringComparison.Ordinal);
        Assert.DoesNotContain("\"", encoded.Replace("&quot;", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void The_script_carries_no_data_and_the_policy_allows_only_it()
    {
        var page = Page(Image("a.png", "</script><script>alert(1)</script>", 1));

        var script = Regex.Match(page, "<script>(.*?)</script>", RegexOptions.Singleline).Groups[1].Value;
        Assert.Equal(GalleryAssets.Script, script);
        var hash = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(script)));
        var policy = Regex.Match(page, "http-equiv=\"Content-Security-Policy\" content=\"([^\"]*)\"").Groups[1].Value;
        Assert.Contains($"script-src &#39;sha256-{hash}&#39;", policy, StringComparison.Ordinal);
        Assert.Contains("default-src &#39;none&#39;", policy, StringComparison.Ordinal);
    }

    [Fact]
    public void Unicode_prompts_are_written_as_they_are()
    {
        const string prompt = "宇宙飛行士のレッサーパンダ 🐼, «café» — naïve\nsecond line";

        var page = Page(Image("a.png", prompt, 1));

        Assert.Contains($"<p class=\"prompt\">{prompt}</p>", page, StringComparison.Ordinal);
    }

    [Fact]
    public void The_page_uses_no_network()
    {
        var page = Page(Image("a.png", "a fox", 1), Image("b.png"));

        Assert.DoesNotMatch("(src|href)=\"(https?:)?//", page);
        Assert.DoesNotContain("http:", page, StringComparison.Ordinal);
        Assert.DoesNotContain("https:", page, StringComparison.Ordinal);
        Assert.DoesNotContain("@import", page, StringComparison.Ordinal);
        Assert.DoesNotContain("url(", page, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("art/a.png", "a.png")]
    [InlineData("art/my cat #1 100%.png", "my%20cat%20%231%20100%25.png")]
    [InlineData("art/ネコ?.png", "%E3%83%8D%E3%82%B3%3F.png")]
    [InlineData("art/sub/b.png", "sub/b.png")]
    [InlineData("other/c.png", "../other/c.png")]
    [InlineData("c.png", "../c.png")]
    [InlineData("art/a:b.png", "a%3Ab.png")]
    public void Links_are_relative_to_the_page_and_percent_encoded(string file, string expected)
    {
        var root = Path.Combine(Path.GetTempPath(), "gallery-tests");

        Assert.Equal(expected, GalleryLinks.RelativeUrl(Path.Combine(root, "art"), Path.Combine(root, file)));
    }

    [Fact]
    public void Each_image_links_to_its_file_and_loads_lazily()
    {
        var page = Page(Image("my cat.png", "a cat", 1));

        Assert.Contains("<a class=\"thumb\" href=\"my%20cat.png\"", page, StringComparison.Ordinal);
        Assert.Contains("<img src=\"my%20cat.png\" loading=\"lazy\"", page, StringComparison.Ordinal);
        Assert.Contains("width=\"512\" height=\"384\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public void Captions_show_the_record_and_the_summary_adds_it_up()
    {
        var page = Page(
            Image("a.png", "a fox", 1, "2026-11-30T23:30:00+01:00"),
            Image("b.png", "a lighthouse", 3, "2026-12-02T08:05:00Z"),
            Image("c.png", "a cat", 2, "2026-12-01T12:00:00Z"));

        Assert.Contains("<span>3 images</span><span>6 credits</span><span>2026-11-30 to 2026-12-02</span>", page,
            StringComparison.Ordinal);
        Assert.Contains("<li class=\"model\">nanobanan-2</li><li class=\"ratio\">4:3</li>" +
            "<li class=\"date\"><time datetime=\"2026-12-02T08:05:00Z\">2026-12-02 08:05 UTC</time></li>" +
            "<li class=\"id\">gen5</li><li class=\"credits\">3 credits</li>", page, StringComparison.Ordinal);
        var order = Regex.Matches(page, "<p class=\"prompt\">([^<]*)</p>").Select(m => m.Groups[1].Value);
        Assert.Equal(["a lighthouse", "a cat", "a fox"], order);
    }

    [Fact]
    public void An_image_without_a_record_shows_its_name_and_size_and_counts_apart()
    {
        var page = Page(Image("plain.png"), Image("made.png", "a fox", 1, "2026-12-01T10:00:00Z"));

        Assert.Contains("<p class=\"prompt\">plain.png</p><ul class=\"facts\"><li class=\"size\">2 KB</li>" +
            "<li class=\"pixels\">512 × 384</li></ul>", page, StringComparison.Ordinal);
        Assert.Contains("<span>2 images</span><span>1 credit (1 without a record)</span><span>2026-12-01</span>",
            page, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_gallery_says_so()
    {
        var page = Page();

        Assert.Contains("<span>0 images</span></p>", page, StringComparison.Ordinal);
        Assert.Contains("<p class=\"empty\">No images.</p>", page, StringComparison.Ordinal);
    }

    [Fact]
    public void A_written_page_carries_the_mark_and_other_files_do_not()
    {
        var dir = Directory.CreateTempSubdirectory("gallery-mark-");
        try
        {
            var ours = Path.Combine(dir.FullName, "index.html");
            var theirs = Path.Combine(dir.FullName, "other.html");
            var late = Path.Combine(dir.FullName, "late.html");
            File.WriteAllText(ours, Page(Image("a.png", "a fox", 1)));
            File.WriteAllText(theirs, "<!DOCTYPE html><html><head><title>mine</title></head></html>");
            File.WriteAllText(late, new string(' ', 8192) + "<meta name=\"generator\" content=\"" +
                GalleryPage.Generator + "\">");

            Assert.True(GalleryPage.IsGalleryPage(ours));
            Assert.False(GalleryPage.IsGalleryPage(theirs));
            Assert.False(GalleryPage.IsGalleryPage(late));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
