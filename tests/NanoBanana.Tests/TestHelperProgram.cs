using System.Globalization;
using NanoBanana.Tests.Api;

namespace NanoBanana.Tests;

/// <summary>
/// The test assembly's entry point, so a test can run part of itself in a second process:
/// <c>dotnet NanoBanana.Tests.dll append &lt;file&gt; &lt;writer&gt; &lt;count&gt;</c> appends records as another writer.
/// The test host does not use it.
/// </summary>
public static class TestHelperProgram
{
    public static int Main(string[] args)
    {
        if (args is ["append", var path, var writer, var count])
        {
            JsonLinesFileTests.AppendRecords(path, int.Parse(writer, CultureInfo.InvariantCulture),
                int.Parse(count, CultureInfo.InvariantCulture));
            return 0;
        }

        Console.Error.WriteLine("usage: NanoBanana.Tests append <file> <writer> <count>");
        return 2;
    }
}
