using System.Text.Json;
using NanoBanana.Api;

namespace NanoBanana.Tests.Api;

public sealed class ReferenceImageTests : IDisposable
{
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13];
    private readonly string folder = Directory.CreateTempSubdirectory("nb-references-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Theory]
    [InlineData(12)]
    [InlineData(13)]
    [InlineData(14)]
    [InlineData(3 * 16 * 1024)]
    [InlineData(3 * 16 * 1024 + 1)]
    [InlineData(250_001)]
    public async Task A_file_goes_into_the_body_as_a_base64_data_url_of_its_bytes(int size)
    {
        var bytes = Image(size);
        var path = Write("photo.png", bytes);
        var request = new GenerationRequest("as a watercolour")
        {
            Mode = GenerationMode.Stream,
            ReferenceImages = [ReferenceImage.FromUrl("https://example.com/a.png"), ReferenceImage.FromFile(path)],
        };

        var (json, length) = await WriteAsync(request.CreateBody());

        Assert.Equal(json.Length, length);
        var root = JsonDocument.Parse(json).RootElement;
        Assert.Equal(("as a watercolour", "stream"), (root.GetProperty("prompt").GetString(), root.GetProperty("mode").GetString()));
        var urls = root.GetProperty("referenceImageUrls").EnumerateArray().Select(e => e.GetString()!).ToArray();
        Assert.Equal(["https://example.com/a.png", "data:image/png;base64," + Convert.ToBase64String(bytes)], urls);
        Assert.Equal(["https://example.com/a.png", "photo.png"], request.DescribeReferences());
    }

    [Fact]
    public async Task A_body_without_references_has_only_the_fields_that_are_set()
    {
        var (json, length) = await WriteAsync(new GenerationRequest("a fox") { AspectRatio = "16:9" }.CreateBody());

        Assert.Equal("""{"prompt":"a fox","aspectRatio":"16:9"}""", System.Text.Encoding.UTF8.GetString(json));
        Assert.Equal(json.Length, length);
    }

    [Theory]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 0, 16 }, "image/jpeg")]
    [InlineData(new byte[] { (byte)'G', (byte)'I', (byte)'F', (byte)'8', (byte)'9', (byte)'a' }, "image/gif")]
    [InlineData(new byte[] { (byte)'R', (byte)'I', (byte)'F', (byte)'F', 1, 2, 3, 4, (byte)'W', (byte)'E', (byte)'B', (byte)'P' }, "image/webp")]
    public void The_media_type_comes_from_the_bytes_not_the_name(byte[] head, string mediaType)
    {
        var reference = ReferenceImage.FromFile(Write("named.png", head));

        Assert.Equal((mediaType, "named.png", (long)head.Length), (reference.MediaType, reference.Description, reference.FileLength));
    }

    [Theory]
    [InlineData("notes.png", "hello, I am text", "is not a PNG, JPEG, WebP or GIF image")]
    [InlineData("empty.png", "", "is not a PNG, JPEG, WebP or GIF image")]
    [InlineData("missing.png", null, "does not exist")]
    public void A_file_that_is_not_an_image_is_refused_by_name(string name, string? content, string problem)
    {
        var path = Path.Combine(folder, name);
        if (content is not null)
        {
            File.WriteAllText(path, content);
        }

        var e = Assert.Throws<NbApiException>(() => ReferenceImage.FromFile(path));

        Assert.Equal(NbErrorKind.InvalidRequest, e.Kind);
        Assert.Contains($"'{path}' {problem}", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_is_refused()
    {
        var e = Assert.Throws<NbApiException>(() => ReferenceImage.FromFile(folder));

        Assert.Contains("is a folder", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void More_than_14_references_are_refused_naming_the_limit()
    {
        var request = new GenerationRequest("a collage")
        {
            ReferenceImages = [.. Enumerable.Range(0, 15).Select(i => ReferenceImage.FromUrl($"https://example.com/{i}.png"))],
        };

        var e = Assert.Throws<NbApiException>(request.CheckLimits);

        Assert.Equal(NbErrorKind.InvalidRequest, e.Kind);
        Assert.StartsWith(
            "15 reference images were given, but the service takes at most 14 per request.", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_body_over_10_MB_is_refused_naming_the_files_and_the_limit()
    {
        var small = ReferenceImage.FromFile(Write("small.png", Image(1000)));
        var large = ReferenceImage.FromFile(Sparse("large.png", 7 * 1024 * 1024));
        var fits = new GenerationRequest("p") { ReferenceImages = [small, large] };
        var more = ReferenceImage.FromFile(Sparse("more.png", 600 * 1024));
        var tooLarge = new GenerationRequest("p") { ReferenceImages = [small, large, more] };

        fits.CheckLimits();
        var e = Assert.Throws<NbApiException>(tooLarge.CheckLimits);

        Assert.Equal(NbErrorKind.InvalidRequest, e.Kind);
        Assert.StartsWith(
            "The reference images are too large: large.png (7 MB), more.png (600 KB), small.png (1000 bytes) make a "
                + "request of 10.1 MB, and the service takes at most 10 MB.",
            e.Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public void The_largest_file_that_fits_is_accepted_and_one_byte_more_is_refused()
    {
        var prompt = new GenerationRequest("p");
        var overhead = prompt.CreateBody().Length - 1 + ",\"referenceImageUrls\":[\"data:image/png;base64,\"]}".Length;
        var largest = (ServiceLimits.MaxRequestBytes - overhead) / 4 * 3;

        new GenerationRequest("p") { ReferenceImages = [ReferenceImage.FromFile(Sparse("fits.png", largest))] }.CheckLimits();
        var over = new GenerationRequest("p") { ReferenceImages = [ReferenceImage.FromFile(Sparse("over.png", largest + 1))] };

        Assert.Throws<NbApiException>(over.CheckLimits);
    }

    private static async Task<(byte[] Json, long Length)> WriteAsync(SubmissionBody body)
    {
        using var output = new MemoryStream();
        await body.WriteToAsync(output);
        return (output.ToArray(), body.Length);
    }

    private static byte[] Image(int size)
    {
        var bytes = new byte[size];
        new Random(size).NextBytes(bytes);
        PngSignature.AsSpan(0, Math.Min(size, PngSignature.Length)).CopyTo(bytes);
        return bytes;
    }

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private string Sparse(string name, long size)
    {
        var path = Write(name, PngSignature);
        using var file = File.OpenWrite(path);
        file.SetLength(size);
        return path;
    }
}
