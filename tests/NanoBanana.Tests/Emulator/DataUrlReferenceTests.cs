using System.Security.Cryptography;
using NanoBanana.Emulator;

namespace NanoBanana.Tests.Emulator;

public class DataUrlReferenceTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0xFB, 0xFF];

    [Fact]
    public async Task A_data_url_is_decoded_and_kept_as_its_type_size_and_hash()
    {
        var key = emulator.NewAccount().Key;
        var payload = Convert.ToBase64String(Png);

        using var response = await emulator.GenerateAsync(key, new
        {
            prompt = "as a watercolour",
            mode = "async",
            referenceImageUrls = new[] { "https://example.com/a.png", "data:image/png;base64," + payload },
        });

        var id = (await response.JsonAsync()).Text("generationId");
        var references = emulator.State.GetGeneration(id)!.References;
        Assert.Equal(
            [
                new ReceivedReference("https://example.com/a.png"),
                new ReceivedReference(
                    $"data:image/png;base64,<{payload.Length} characters>",
                    "image/png",
                    Png.Length,
                    Convert.ToHexStringLower(SHA256.HashData(Png))),
            ],
            references);
    }

    [Theory]
    [InlineData("data:image/png;base64,aGVsbG8sIEkgYW0gdGV4dA==", "Reference image 2 is not a PNG, JPEG, WebP or GIF image")]
    [InlineData("data:image/png;base64,", "Reference image 2 is not a PNG, JPEG, WebP or GIF image")]
    [InlineData("data:image/png;base64,iVBOR!!!", "Reference image 2 is not valid base64")]
    public async Task A_data_url_that_is_not_an_image_is_400_and_costs_nothing(string url, string error)
    {
        var account = emulator.NewAccount();

        using var response = await emulator.GenerateAsync(
            account.Key, new { prompt = "a cat", referenceImageUrls = new[] { "https://example.com/a.png", url } });

        Assert.Equal(error, await response.AssertErrorAsync(400));
        Assert.Equal(account.Credits, emulator.State.GetAccount(account.Key)!.Credits);
    }

    [Fact]
    public async Task The_request_log_shows_a_data_url_by_type_and_length_only()
    {
        var key = emulator.NewAccount().Key;
        var image = new byte[30_000];
        Png.CopyTo(image, 0);
        image.AsSpan(Png.Length).Fill(0xFB);
        var payload = Convert.ToBase64String(image);

        var escaped = payload.Replace("+", "\\u002B", StringComparison.Ordinal);

        using var response = await emulator.GenerateRawAsync(
            key, $$"""{"prompt":"a cat","mode":"async","referenceImageUrls":["data:image/png;base64,{{escaped}}"]}""");

        Assert.Equal(200, (int)response.StatusCode);
        var logged = emulator.State.Requests(key).Single().Body;
        var expected = $$"""{"prompt":"a cat","mode":"async","referenceImageUrls":["data:image/png;base64,<{{payload.Length}} characters>"]}""";
        Assert.Equal(expected, logged);
    }
}
