using System.Text;
using NanoBanana.Api;

namespace NanoBanana.Tests.Api;

public sealed class AtomicFileTests : IDisposable
{
    private readonly DirectoryInfo dir = Directory.CreateTempSubdirectory("atomic-file-");

    public void Dispose() => dir.Delete(recursive: true);

    private string FileIn(string name) => Path.Combine(dir.FullName, name);

    private static Action<Stream> Text(string text) => s => s.Write(Encoding.UTF8.GetBytes(text));

    [Fact]
    public void Writes_the_file_and_leaves_no_temp_file()
    {
        AtomicFile.Write(FileIn("page.html"), overwrite: false, Text("hello"));

        Assert.Equal("hello", File.ReadAllText(FileIn("page.html")));
        Assert.Equal(["page.html"], dir.GetFiles().Select(f => f.Name));
    }

    [Fact]
    public void Keeps_an_existing_file_unless_told_to_replace_it()
    {
        File.WriteAllText(FileIn("page.html"), "old");

        var refused = Assert.Throws<NbApiException>(() => AtomicFile.Write(FileIn("page.html"), false, Text("new")));

        Assert.Equal(NbErrorKind.FileExists, refused.Kind);
        Assert.Equal("old", File.ReadAllText(FileIn("page.html")));
        AtomicFile.Write(FileIn("page.html"), overwrite: true, Text("new"));
        Assert.Equal("new", File.ReadAllText(FileIn("page.html")));
        Assert.Single(dir.GetFiles());
    }

    [Fact]
    public void A_failure_while_writing_leaves_the_old_file_and_no_temp_file()
    {
        File.WriteAllText(FileIn("page.html"), "old");

        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(FileIn("page.html"), true, s =>
        {
            s.Write(Encoding.UTF8.GetBytes("half"));
            throw new InvalidOperationException("broken");
        }));

        Assert.Equal("old", File.ReadAllText(FileIn("page.html")));
        Assert.Single(dir.GetFiles());
    }

    [Fact]
    public void A_folder_in_the_way_is_a_save_failure_naming_the_file()
    {
        Directory.CreateDirectory(FileIn("page.html"));

        var failed = Assert.Throws<NbApiException>(() => AtomicFile.Write(FileIn("page.html"), true, Text("x")));

        Assert.Equal(NbErrorKind.SaveFailed, failed.Kind);
        Assert.Contains(FileIn("page.html"), failed.Message, StringComparison.Ordinal);
        Assert.Empty(dir.GetFiles("*", SearchOption.AllDirectories));
    }

    [Fact]
    public void A_write_removes_the_temp_files_a_killed_writer_left_of_the_same_name_and_only_those()
    {
        var leftover = AtomicFile.TempPath(dir.FullName, "page.html");
        var sidecarLeftover = AtomicFile.TempPath(dir.FullName, "page.html.json");
        var held = AtomicFile.TempPath(dir.FullName, "page.html");
        var otherFile = AtomicFile.TempPath(dir.FullName, "page.html5");
        var notOurs = FileIn(".page.html.notes.tmp");
        foreach (var path in new[] { leftover, sidecarLeftover, held, otherFile, notOurs })
        {
            File.WriteAllText(path, "half");
        }

        using (new FileStream(held, FileMode.Open, FileAccess.Write, FileShare.None))
        {
            AtomicFile.Write(FileIn("page.html"), overwrite: false, Text("whole"));
        }

        Assert.False(File.Exists(leftover));
        Assert.False(File.Exists(sidecarLeftover));
        Assert.True(File.Exists(held), "a temp file another writer holds stays");
        Assert.True(File.Exists(otherFile), "a temp file of another name stays");
        Assert.True(File.Exists(notOurs), "a file not named as a temp file stays");
    }
}
