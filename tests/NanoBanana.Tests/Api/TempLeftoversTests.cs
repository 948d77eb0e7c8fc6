using NanoBanana.Api;

namespace NanoBanana.Tests.Api;

public sealed class TempLeftoversTests : IDisposable
{
    private readonly DirectoryInfo dir = Directory.CreateTempSubdirectory("temp-leftovers-");

    public void Dispose() => dir.Delete(recursive: true);

    private string Leftover(string name)
    {
        var path = AtomicFile.TempPath(dir.FullName, name);
        File.WriteAllText(path, "half");
        return path;
    }

    [Fact]
    public void Removes_what_killed_writers_of_a_name_left_once_that_name_is_saved_again_and_only_that()
    {
        var image = Leftover("cm1-1");
        var sidecar = Leftover("cm1-1.json");
        var otherImage = Leftover("cm1-10");
        var leftovers = new TempLeftovers();

        leftovers.RemoveFor(dir.FullName, "cm1-2");
        Assert.True(File.Exists(image), "nothing of cm1-1 goes while another name is saved");

        leftovers.RemoveFor(dir.FullName, "cm1-1");
        Assert.False(File.Exists(image));
        Assert.False(File.Exists(sidecar));
        Assert.True(File.Exists(otherImage), "a leftover of another name stays until that name is saved");

        leftovers.RemoveFor(dir.FullName, "cm1-10");
        Assert.Empty(dir.GetFiles("*", SearchOption.AllDirectories));
    }

    [Fact]
    public void Keeps_a_temp_file_that_a_writer_still_holds_and_removes_it_at_a_later_save_once_let_go()
    {
        var held = Leftover("cm2-1");
        var leftovers = new TempLeftovers();

        using (new FileStream(held, FileMode.Open, FileAccess.Write, FileShare.None))
        {
            leftovers.RemoveFor(dir.FullName, "cm2-1");
            Assert.True(File.Exists(held));
        }

        leftovers.RemoveFor(dir.FullName, "cm2-1");
        Assert.False(File.Exists(held));
    }

    [Fact]
    public void Lists_a_folder_once_so_a_save_costs_no_listing_of_a_large_folder()
    {
        var leftovers = new TempLeftovers();
        leftovers.RemoveFor(dir.FullName, "cm3-1");

        var later = Leftover("cm3-2");
        leftovers.RemoveFor(dir.FullName, "cm3-2");

        Assert.True(File.Exists(later), "a temp file made after the folder was listed is a live writer's, not a leftover");
        Assert.Empty(AtomicFile.FindTemps(Path.Combine(dir.FullName, "missing")));
    }
}
