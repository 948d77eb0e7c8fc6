using System.Reflection;

namespace NanoBanana.Tests.Api;

public class ShippedDependenciesTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("nb-module-").FullName;

    public void Dispose()
    {
        Directory.Delete(folder, recursive: true);
        GC.SuppressFinalize(this);
    }

    [Fact]
    public void Answers_a_request_for_a_shipped_dependency_whatever_version_is_asked()
    {
        File.WriteAllBytes(Path.Combine(folder, "System.Text.Json.dll"), []);

        var path = ShippedDependencies.PathFor(new AssemblyName("System.Text.Json, Version=4.0.1.2, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51"), folder);

        Assert.Equal(Path.Combine(folder, "System.Text.Json.dll"), path);
    }

    [Fact]
    public void Ignores_assemblies_the_module_does_not_ship_and_itself()
    {
        File.WriteAllBytes(Path.Combine(folder, "NanoBanana.PowerShell.dll"), []);

        Assert.Null(ShippedDependencies.PathFor(new AssemblyName("Newtonsoft.Json"), folder));
        Assert.Null(ShippedDependencies.PathFor(new AssemblyName("NanoBanana.PowerShell"), folder));
    }

    [Fact]
    public void Is_only_active_on_the_desktop_framework()
    {
        Assert.False(ShippedDependencies.IsNetFramework);
    }
}
