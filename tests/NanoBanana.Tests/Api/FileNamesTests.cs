using NanoBanana.Api;

namespace NanoBanana.Tests.Api;

public class FileNamesTests
{
    [Fact]
    public void A_generation_image_is_named_by_id_and_index()
    {
        Assert.Equal("cmo2xv1me0gq0l4jwvwvwpnqd-2", FileNames.ForGeneration("cmo2xv1me0gq0l4jwvwvwpnqd", 2));
    }

    [Theory]
    [InlineData("a/b\\c:d*e?f\"g<h>i|j", "a_b_c_d_e_f_g_h_i_j")]
    [InlineData("..", "image")]
    [InlineData("...", "image")]
    [InlineData("", "image")]
    [InlineData("name. ", "name")]
    [InlineData("CON", "_CON")]
    [InlineData("lpt1.txt", "_lpt1.txt")]
    [InlineData("com9", "_com9")]
    [InlineData("console", "console")]
    [InlineData("tab\there", "tab_here")]
    public void Sanitize_makes_names_valid_on_windows(string input, string expected)
    {
        Assert.Equal(expected, FileNames.Sanitize(input));
    }

    [Fact]
    public void Sanitize_bounds_long_names()
    {
        Assert.Equal(FileNames.MaxStemLength, FileNames.Sanitize(new string('x', 1000)).Length);
    }

    [Theory]
    [InlineData("https://cdn.example/png/1712345678901_123.png", "1712345678901_123")]
    [InlineData("https://cdn.example/png/..%2F..%2Fetc%2Fpasswd", ".._.._etc_passwd")]
    [InlineData("https://cdn.example/", "image")]
    [InlineData("https://cdn.example/a/..", "image")]
    [InlineData("https://cdn.example/x/NUL.png", "_NUL")]
    public void A_bare_url_is_named_after_its_last_segment_made_safe(string url, string expected)
    {
        Assert.Equal(expected, FileNames.ForUrl(new Uri(url)));
    }

    [Fact]
    public void PathInside_keeps_names_inside_the_folder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "nb-names");

        Assert.Equal(Path.Combine(folder, "a-1.png"), FileNames.PathInside(folder, "a-1.png"));
        Assert.Throws<NbApiException>(() => FileNames.PathInside(folder, "../escape.png"));
        Assert.Throws<NbApiException>(() => FileNames.PathInside(folder, "sub/inner.png"));
        Assert.Throws<NbApiException>(() => FileNames.PathInside(folder, "/etc/passwd"));
    }
}
