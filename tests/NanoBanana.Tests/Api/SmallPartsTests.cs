using NanoBanana.Api;

namespace NanoBanana.Tests.Api;

public class ImageFormatsTests
{
    [Theory]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13 }, ".png")]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 0, 16, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0, 1 }, ".jpg")]
    [InlineData(new byte[] { (byte)'R', (byte)'I', (byte)'F', (byte)'F', 1, 2, 3, 4, (byte)'W', (byte)'E', (byte)'B', (byte)'P' }, ".webp")]
    [InlineData(new byte[] { (byte)'G', (byte)'I', (byte)'F', (byte)'8', (byte)'9', (byte)'a', 1, 0, 1, 0, 0, 0 }, ".gif")]
    [InlineData(new byte[] { (byte)'{', (byte)'"', (byte)'e', (byte)'r', (byte)'r', (byte)'o', (byte)'r', (byte)'"', (byte)':', 0, 0, 0 }, null)]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E }, null)]
    [InlineData(new byte[0], null)]
    public void Recognises_images_by_their_first_bytes(byte[] head, string? extension)
    {
        Assert.Equal(extension, ImageFormats.ExtensionOf(head));
    }
}

public class SecretsTests
{
    [Fact]
    public void Redacts_every_key_shaped_token()
    {
        var text = Secrets.Redact("bad key nb_0123abcdef-_XYZ and nb_other; keep nb alone and xnb_");

        Assert.Equal("bad key nb_*** and nb_***; keep nb alone and xnb_", text);
    }

    [Fact]
    public void An_api_key_never_shows_its_text()
    {
        var key = new ApiKey("nb_" + new string('a', 64), "the -ApiKey parameter");

        Assert.DoesNotContain("aaaa", key.ToString(), StringComparison.Ordinal);
        Assert.Contains("-ApiKey", key.ToString(), StringComparison.Ordinal);
        Assert.Equal("Bearer nb_" + new string('a', 64), key.ToAuthorizationHeader().ToString());
    }

    [Fact]
    public void Exception_messages_are_redacted()
    {
        var e = new NbApiException(NbErrorKind.ServiceError, "upstream said: invalid key nb_abc123");

        Assert.Equal("upstream said: invalid key nb_***", e.Message);
    }
}

public class ErrorBodyTests
{
    [Theory]
    [InlineData("{\"error\":\"Insufficient credits\"}", "Insufficient credits", null)]
    [InlineData("{\"error\":\"Server is busy\",\"type\":\"server_busy\",\"activeTasks\":10}", "Server is busy", "server_busy")]
    [InlineData("{\"error\":{\"message\":\"INVALID_ARGUMENT: bad ratio\"}}", "INVALID_ARGUMENT: bad ratio", null)]
    [InlineData("{\"message\":\"from message\"}", "from message", null)]
    [InlineData("{\"msg\":\"from msg\"}", "from msg", null)]
    [InlineData("{\"errorMessage\":\"from errorMessage\"}", "from errorMessage", null)]
    [InlineData("<html>Bad gateway</html>", "<html>Bad gateway</html>", null)]
    [InlineData("", "no details", null)]
    [InlineData("[1,2]", "[1,2]", null)]
    public void Reads_the_message_where_clients_find_it(string body, string message, string? type)
    {
        var parsed = ErrorBody.Parse(body);

        Assert.Equal((message, type), (parsed.Message, parsed.Type));
    }

    [Fact]
    public void Shortens_long_bodies_to_one_line()
    {
        var parsed = ErrorBody.Parse(new string('x', 1000) + "\n" + "tail");

        Assert.Equal(303, parsed.Message.Length);
        Assert.DoesNotContain('\n', parsed.Message);
    }
}

public class BaseUriTests
{
    [Theory]
    [InlineData("https://www.nananobanana.com/api/v1/", "https://www.nananobanana.com/api/v1")]
    [InlineData("http://127.0.0.1:5000/api/v1", "http://127.0.0.1:5000/api/v1")]
    [InlineData("http://localhost:5000/api/v1", "http://localhost:5000/api/v1")]
    [InlineData("http://[::1]:5000/api/v1", "http://[::1]:5000/api/v1")]
    public void Accepts_https_anywhere_and_http_on_loopback(string text, string expected)
    {
        Assert.Equal(expected, ApiEndpoint.ParseBaseUri(text, "a test").AbsoluteUri.TrimEnd('/'));
    }

    [Theory]
    [InlineData("http://www.nananobanana.com/api/v1", "plain http")]
    [InlineData("http://10.0.0.5/api/v1", "plain http")]
    [InlineData("ftp://example.com/api", "not an absolute http(s) URL")]
    [InlineData("api/v1", "not an absolute http(s) URL")]
    [InlineData("https://example.com/api/v1?x=1", "must not carry")]
    public void Refuses_what_would_leak_or_cannot_work(string text, string reason)
    {
        var e = Assert.Throws<NbApiException>(() => ApiEndpoint.ParseBaseUri(text, "NANO_BANANA_BASE_URL"));

        Assert.Equal(NbErrorKind.InvalidRequest, e.Kind);
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
        Assert.Contains("NANO_BANANA_BASE_URL", e.Message, StringComparison.Ordinal);
    }
}
