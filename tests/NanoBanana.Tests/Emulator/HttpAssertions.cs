using System.Text.Json;

namespace NanoBanana.Tests.Emulator;

internal static class HttpAssertions
{
    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }

    public static string[] PropertyNames(this JsonElement element) => [.. element.EnumerateObject().Select(p => p.Name)];

    public static string Text(this JsonElement element, string property) => element.GetProperty(property).GetString()!;

    public static int Int(this JsonElement element, string property) => element.GetProperty(property).GetInt32();

    /// <summary>Asserts the status and a <c>{"error": ...}</c> body, and returns the message.</summary>
    public static async Task<string> AssertErrorAsync(this HttpResponseMessage response, int status)
    {
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.JsonAsync();
        Assert.Equal(["error"], body.PropertyNames());
        return body.Text("error");
    }
}
