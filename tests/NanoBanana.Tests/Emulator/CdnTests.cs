using NanoBanana.Emulator;

namespace NanoBanana.Tests.Emulator;

public class CdnTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task A_completed_image_is_a_valid_png_of_the_account_size()
    {
        var key = emulator.NewAccount(new AccountSpec { ImageWidth = 96, ImageHeight = 40 }).Key;
        var generation = await emulator.CompletedGenerationAsync(key);

        using var response = await emulator.GetImageAsync(generation.ImageUrls[0]);
        var bytes = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(bytes.Length, response.Content.Headers.ContentLength);
        Assert.Equal((96, 40), ImageInspector.AssertPng(bytes));
    }

    [Fact]
    public async Task Every_third_image_is_a_jpeg_behind_a_png_url()
    {
        var key = emulator.NewAccount(new AccountSpec { ImageWidth = 100, ImageHeight = 60 }).Key;
        var types = new List<string?>();
        for (var i = 0; i < 3; i++)
        {
            var generation = await emulator.CompletedGenerationAsync(key, $"picture {i}");
            using var response = await emulator.GetImageAsync(generation.ImageUrls[0]);
            types.Add(response.Content.Headers.ContentType?.MediaType);
            Assert.EndsWith(".png", generation.ImageUrls[0], StringComparison.Ordinal);
            if (i == 2)
            {
                var bytes = await response.Content.ReadAsByteArrayAsync();
                Assert.Equal(bytes.Length, response.Content.Headers.ContentLength);
                Assert.Equal((100, 60), ImageInspector.AssertJpeg(bytes));
            }
        }

        Assert.Equal(["image/png", "image/png", "image/jpeg"], types);
    }

    [Theory]
    [InlineData(0, "image/png")]
    [InlineData(1, "image/jpeg")]
    public async Task Jpeg_every_is_configurable(int jpegEvery, string type)
    {
        var key = emulator.NewAccount(new AccountSpec { JpegEvery = jpegEvery }).Key;
        var generation = await emulator.CompletedGenerationAsync(key);

        using var response = await emulator.GetImageAsync(generation.ImageUrls[0]);

        Assert.Equal(type, response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Images_are_derived_from_the_prompt()
    {
        var key = emulator.NewAccount(new AccountSpec { JpegEvery = 0, ImageWidth = 64, ImageHeight = 64 }).Key;

        var first = await DownloadAsync(await emulator.CompletedGenerationAsync(key, "a red fox"));
        var same = await DownloadAsync(await emulator.CompletedGenerationAsync(key, "a red fox"));
        var other = await DownloadAsync(await emulator.CompletedGenerationAsync(key, "a blue whale"));

        Assert.Equal(first, same);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public async Task Head_answers_the_headers_without_a_body()
    {
        var generation = await emulator.CompletedGenerationAsync(emulator.NewAccount().Key);

        using var head = await emulator.GetImageAsync(generation.ImageUrls[0], method: HttpMethod.Head);
        using var get = await emulator.GetImageAsync(generation.ImageUrls[0]);

        Assert.Equal(200, (int)head.StatusCode);
        Assert.Equal(get.Content.Headers.ContentLength, head.Content.Headers.ContentLength);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Python_urllib_is_refused_with_403()
    {
        var generation = await emulator.CompletedGenerationAsync(emulator.NewAccount().Key);

        using var python = await emulator.GetImageAsync(generation.ImageUrls[0], "Python-urllib/3.11");
        using var browser = await emulator.GetImageAsync(
            generation.ImageUrls[0], "Mozilla/5.0 (Macintosh) Chrome/136.0.0.0 Safari/537.36 NanoBananaSkill/0.1");

        Assert.Equal(403, (int)python.StatusCode);
        Assert.Equal("text/plain", python.Content.Headers.ContentType?.MediaType);
        Assert.Equal(200, (int)browser.StatusCode);
    }

    [Theory]
    [InlineData("/png/0000000000000_000.png")]
    [InlineData("/jpg/whatever.jpg")]
    [InlineData("/")]
    public async Task Unknown_paths_are_404(string path)
    {
        using var response = await emulator.GetImageAsync(emulator.Host.CdnUrl.GetLeftPart(UriPartial.Authority) + path);

        Assert.Equal(404, (int)response.StatusCode);
    }

    [Fact]
    public async Task The_image_of_an_unfinished_generation_is_404()
    {
        var key = emulator.NewAccount(new AccountSpec { LatencyMs = 60_000 }).Key;
        var id = await emulator.SubmitAsync(key);

        using var response = await emulator.GetImageAsync(emulator.State.GetGeneration(id)!.ImageUrls[0]);

        Assert.Equal(404, (int)response.StatusCode);
    }

    [Theory]
    [InlineData(404)]
    [InlineData(403)]
    [InlineData(410)]
    public async Task Images_expire_after_15_days(int expiredStatus)
    {
        var key = emulator.NewAccount(new AccountSpec { ExpiredStatus = expiredStatus }).Key;
        var generation = await emulator.CompletedGenerationAsync(key);
        emulator.State.UpdateGeneration(generation.Id, new GenerationChanges { CreatedAt = DateTimeOffset.UtcNow.AddDays(-14) });
        using var fresh = await emulator.GetImageAsync(generation.ImageUrls[0]);

        emulator.State.UpdateGeneration(generation.Id, new GenerationChanges { CreatedAt = DateTimeOffset.UtcNow.AddDays(-20) });
        using var expired = await emulator.GetImageAsync(generation.ImageUrls[0]);

        Assert.Equal(200, (int)fresh.StatusCode);
        Assert.Equal(expiredStatus, (int)expired.StatusCode);
    }

    [Fact]
    public async Task The_time_to_live_is_configurable()
    {
        var key = emulator.NewAccount(new AccountSpec { ImageTtlSeconds = 0 }).Key;
        var generation = await emulator.CompletedGenerationAsync(key);
        await Task.Delay(20);

        using var response = await emulator.GetImageAsync(generation.ImageUrls[0]);

        Assert.Equal(404, (int)response.StatusCode);
    }

    [Fact]
    public async Task Image_bytes_makes_a_big_noise_png_of_about_that_size()
    {
        const int size = 3_000_000;
        var key = emulator.NewAccount(new AccountSpec { ImageBytes = size, JpegEvery = 1 }).Key;
        var generation = await emulator.CompletedGenerationAsync(key);

        using var response = await emulator.GetImageAsync(generation.ImageUrls[0]);
        var bytes = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        Assert.InRange(bytes.Length, size * 0.98, size * 1.02);
        Assert.Equal(512, ImageInspector.AssertPng(bytes).Width);
    }

    private async Task<byte[]> DownloadAsync(Generation generation)
    {
        using var response = await emulator.GetImageAsync(generation.ImageUrls[0]);
        return await response.Content.ReadAsByteArrayAsync();
    }
}
