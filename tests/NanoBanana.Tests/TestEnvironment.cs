using System.Runtime.CompilerServices;

namespace NanoBanana.Tests;

/// <summary>Keeps the module's files out of the user's folders while the tests run.</summary>
internal static class TestEnvironment
{
    /// <summary>A folder of this test run's own, under the temp folder.</summary>
    public static readonly string Folder = Path.Combine(Path.GetTempPath(), $"nb-tests-{Guid.NewGuid():N}");

    [ModuleInitializer]
    internal static void Isolate()
    {
        Environment.SetEnvironmentVariable("NANO_BANANA_HISTORY", Path.Combine(Folder, "history.jsonl"));
    }
}
