using System;
using System.IO;
using System.Management.Automation;
using System.Net;
using System.Reflection;
using System.Runtime.InteropServices;

namespace NanoBanana;

/// <summary>
/// Prepares Windows PowerShell 5.1 (.NET Framework) for the module: it has no binding redirects for the dependency
/// DLLs shipped beside the module (System.Text.Json and its netstandard2.0 dependencies), may default to TLS 1.0,
/// and allows two connections per host. PowerShell 7 needs none of this: its runtime already has newer copies.
/// </summary>
public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
{
    private static readonly string ModuleDirectory = Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location) ?? "";

    internal static bool IsNetFramework => RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.Ordinal);

    /// <inheritdoc/>
    public void OnImport()
    {
        if (!IsNetFramework)
        {
            return;
        }

        AppDomain.CurrentDomain.AssemblyResolve += ResolveShippedDependency;
        ServicePointManager.SecurityProtocol |= SecurityProtocolType.Tls12;
        ServicePointManager.DefaultConnectionLimit = Math.Max(ServicePointManager.DefaultConnectionLimit, 64);
    }

    /// <inheritdoc/>
    public void OnRemove(PSModuleInfo psModuleInfo)
    {
        if (IsNetFramework)
        {
            AppDomain.CurrentDomain.AssemblyResolve -= ResolveShippedDependency;
        }
    }

    /// <summary>
    /// The file beside the module that answers a request for <paramref name="requested"/>, whatever version is asked
    /// for, or null when the module does not ship that assembly.
    /// </summary>
    internal static string? ShippedDependencyPath(AssemblyName requested, string moduleDirectory)
    {
        if (requested.Name is not { Length: > 0 } name || name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || name == typeof(ModuleInitializer).Assembly.GetName().Name)
        {
            return null;
        }

        var candidate = Path.Combine(moduleDirectory, name + ".dll");
        return File.Exists(candidate) ? candidate : null;
    }

    // Runs only when .NET Framework's own binding failed, typically on a version mismatch without a binding redirect.
    private static Assembly? ResolveShippedDependency(object? sender, ResolveEventArgs args) =>
        ShippedDependencyPath(new AssemblyName(args.Name), ModuleDirectory) is { } path ? Assembly.LoadFrom(path) : null;
}
