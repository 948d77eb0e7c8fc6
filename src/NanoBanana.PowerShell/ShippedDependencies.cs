using System;
using System.IO;
using System.Reflection;
using System.Runtime.InteropServices;

namespace NanoBanana;

/// <summary>The dependency DLLs shipped beside the module, as Windows PowerShell 5.1 has to be told to find them.</summary>
internal static class ShippedDependencies
{
    public static bool IsNetFramework =>
        RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.Ordinal);

    /// <summary>
    /// The file in <paramref name="moduleDirectory"/> that answers a request for <paramref name="requested"/>, whatever
    /// version is asked for, or null when the module does not ship that assembly.
    /// </summary>
    public static string? PathFor(AssemblyName requested, string moduleDirectory)
    {
        if (requested.Name is not { Length: > 0 } name || name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0
            || name == typeof(ShippedDependencies).Assembly.GetName().Name)
        {
            return null;
        }

        var candidate = Path.Combine(moduleDirectory, name + ".dll");
        return File.Exists(candidate) ? candidate : null;
    }
}
