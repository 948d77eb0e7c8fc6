namespace NanoBanana.Tests.Emulator;

internal static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition, int timeoutMs = 5000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"condition not met within {timeoutMs} ms");
            await Task.Delay(10);
        }
    }
}
