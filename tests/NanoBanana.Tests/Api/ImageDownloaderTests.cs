using NanoBanana.Api;
using NanoBanana.Emulator;
using NanoBanana.Tests.Emulator;
using ProxySettings = NanoBanana.Api.ProxySettings;

namespace NanoBanana.Tests.Api;

/// <summary>Downloads against the emulator's image host: disk failures, deadlines, and what an error may show.</summary>
public sealed class ImageDownloaderTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>, IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("nb-downloads-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task A_folder_that_is_missing_is_a_save_failure_after_one_download()
    {
        var (key, url) = await ImageAsync();
        var missing = Path.Combine(folder, "missing");

        var e = await CoreHarness.FailsWith(NbErrorKind.SaveFailed, () => Download(url, missing));

        Assert.Contains(missing, e.Message, StringComparison.Ordinal);
        Assert.Equal(1, CdnRequests(key));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_folder_standing_where_the_file_goes_is_a_save_failure_with_no_temp_file_left(bool overwrite)
    {
        var (key, url) = await ImageAsync();
        foreach (var extension in ImageFormats.Extensions)
        {
            Directory.CreateDirectory(Path.Combine(folder, "image" + extension));
        }

        var e = await CoreHarness.FailsWith(NbErrorKind.SaveFailed, () => Download(url, folder, overwrite));

        Assert.Contains(Path.Combine(folder, "image."), e.Message, StringComparison.Ordinal);
        Assert.Equal(1, CdnRequests(key));
        Assert.Empty(Directory.GetFiles(folder));
    }

    [Fact]
    public async Task A_download_that_stalls_ends_at_the_deadline_with_no_file_left()
    {
        var (key, url) = await ImageAsync();
        emulator.Arm(key, new FaultSpec { Match = new FaultMatch { Origin = RequestOrigin.Cdn }, Kind = FaultKind.Stall, AfterBytes = 100 });

        await CoreHarness.FailsWith(NbErrorKind.Timeout, () => Download(url, folder, retries: 0, timeoutSec: 2).WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.Empty(Directory.GetFileSystemEntries(folder));
    }

    [Fact]
    public async Task An_error_never_shows_the_query_of_a_signed_url()
    {
        var (key, url) = await ImageAsync();
        emulator.Arm(key, new FaultSpec { Match = new FaultMatch { Origin = RequestOrigin.Cdn }, Kind = FaultKind.Status, Status = 404 });
        var said = new List<string>();

        var e = await CoreHarness.FailsWith(
            NbErrorKind.ImageUnavailable,
            () => Download(new Uri(url + "?X-Signature=secret123"), folder, log: said.Add));

        Assert.Contains(url.AbsolutePath, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret123", e.Message + string.Concat(said), StringComparison.Ordinal);
    }

    private async Task<(string Key, Uri Url)> ImageAsync()
    {
        var key = emulator.NewAccount().Key;
        var generation = await emulator.CompletedGenerationAsync(key);
        return (key, new Uri(generation.ImageUrls[0]));
    }

    private int CdnRequests(string key) => emulator.State.Requests(key, RequestOrigin.Cdn, "GET").Count;

    private static Task<SavedImage> Download(
        Uri url, string directory, bool overwrite = false, int retries = 3, double timeoutSec = 10, Action<string>? log = null) =>
        new ImageDownloader(ProxySettings.System, CoreHarness.Fast(retries, timeoutSec: timeoutSec) with { Log = log })
            .DownloadAsync(url, directory, "image", overwrite, null, null, default);
}
