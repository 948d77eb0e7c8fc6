using NanoBanana.Api;

namespace NanoBanana.Tests.Api;

public class DataUrlTests
{
    [Theory]
    [InlineData("data:image/png;base64,iVBORw0KGgo=", "data:image/png (8 bytes)")]
    [InlineData("data:image/jpeg;base64,/9j/4AAQ", "data:image/jpeg (6 bytes)")]
    [InlineData("data:image/gif;base64,R0lG\nODlh", "data:image/gif (6 bytes)")]
    [InlineData("data:image/svg+xml,<svg/>", "data:image/svg+xml (6 bytes)")]
    [InlineData("data:,hello", "data:text/plain (5 bytes)")]
    [InlineData("data:image/png;base64", "data:image/png (0 bytes)")]
    public void Describes_a_data_url_by_type_and_decoded_size(string url, string description)
    {
        Assert.True(DataUrl.IsDataUrl(url));
        Assert.Equal(description, DataUrl.Describe(url));
    }

    [Fact]
    public void A_request_describes_its_references_without_a_data_urls_payload()
    {
        var payload = Convert.ToBase64String(new byte[3000]);
        var request = new GenerationRequest("p")
        {
            ReferenceImages =
            [
                ReferenceImage.FromUrl("https://example.com/a.png"),
                ReferenceImage.FromUrl("data:image/webp;base64," + payload),
            ],
        };

        Assert.Equal(["https://example.com/a.png", "data:image/webp (3000 bytes)"], request.DescribeReferences());
    }

    [Fact]
    public void A_record_read_back_by_id_gets_what_was_asked_where_it_says_nothing()
    {
        var request = new GenerationRequest("asked")
        {
            Model = "m",
            AspectRatio = "16:9",
            ReferenceImages = [ReferenceImage.FromUrl("https://example.com/a.png")],
        };
        var record = new NbGeneration { Prompt = "as recorded", Model = "recorded-model" };

        request.Describe(record);

        Assert.Equal(("as recorded", "recorded-model", "16:9"), (record.Prompt, record.Model, record.AspectRatio));
        Assert.Equal(["https://example.com/a.png"], record.ReferenceImages!);
    }
}
