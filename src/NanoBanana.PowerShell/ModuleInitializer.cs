using System;
using System.IO;
using System.Management.Automation;
using System.Net;
using System.Reflection;

namespace NanoBanana;

/// <summary>
/// Prepares Windows PowerShell 5.1 (.NET Framework) for the module: it has no binding redirects for the dependency
/// DLLs shipped beside the module (System.Text.Json and its netstandard2.0 dependencies), may default to TLS 1.0,
/// and allows two connections per host. PowerShell 7 needs none of this: its runtime already has newer copies.
/// </summary>
public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
{
    private static readonly string ModuleDirectory = Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location)
        ?? "";

    /// <inheritdoc/>
    public void OnImport()
    {
        if (!ShippedDependencies.IsNetFramework)
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
        if (ShippedDependencies.IsNetFramework)
        {
            AppDomain.CurrentDomain.AssemblyResolve -= ResolveShippedDependency;
        }
    }

    // Runs only when .NET Framework's own binding failed, typically on a version mismatch without a binding redirect.
    private static Assembly? ResolveShippedDependency(object? sender, ResolveEventArgs args) =>
        ShippedDependencies.PathFor(
            new AssemblyName(args.Name),
            ModuleDirectory) is { } path ? Assembly.LoadFrom(path) : null;
}
