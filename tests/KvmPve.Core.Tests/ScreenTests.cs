using KvmPve.Errors;
using KvmPve.Simulator.PiKvm;

namespace KvmPve.Core.Tests;

public class ScreenTests : SimulatorTest
{
    private readonly string _folder = Directory.CreateTempSubdirectory("kvmpve-screen-").FullName;

    [Fact]
    public async Task A_screenshot_is_streamed_to_the_file_whole()
    {
        using PiKvmSession session = await Connect();
        string path = Path.Combine(_folder, "shot.jpg");
        FileInfo file = await session.SaveSnapshotAsync(path, new PiKvmSnapshotOptions(), CancellationToken.None);
        Assert.Equal(KvmdStreamer.Picture, File.ReadAllBytes(file.FullName));
        Assert.False(File.Exists(path + ".part"));
    }

    [Fact]
    public async Task Size_and_quality_ask_for_a_preview()
    {
        using PiKvmSession session = await Connect();
        await session.SaveSnapshotAsync(Path.Combine(_folder, "small.jpg"), new PiKvmSnapshotOptions { MaxWidth = 640, Quality = 60 }, CancellationToken.None);
        Assert.Contains(Sim.Requests, r => r.Path == "/api/streamer/snapshot" && r.Query == "?preview=1&preview_max_width=640&preview_quality=60");
    }

    [Fact]
    public async Task No_signal_is_a_clear_error_and_leaves_no_file_and_allow_offline_saves_anyway()
    {
        Sim.PiKvm.Options.VideoSignal = false;
        using PiKvmSession session = await Connect();
        string path = Path.Combine(_folder, "none.jpg");
        var ex = await Assert.ThrowsAsync<KvmPveException>(() => session.SaveSnapshotAsync(path, new PiKvmSnapshotOptions(), CancellationToken.None));
        Assert.Equal(ErrorKind.ResourceUnavailable, ex.Kind);
        Assert.Equal("PiKvmNoSignal", ex.ErrorId);
        Assert.Contains("-AllowOffline", ex.Message);
        Assert.Empty(Directory.GetFiles(_folder));
        await session.SaveSnapshotAsync(path, new PiKvmSnapshotOptions { AllowOffline = true }, CancellationToken.None);
        Assert.Equal(KvmdStreamer.NoSignalPicture, File.ReadAllBytes(path));
    }

    [Fact]
    public async Task Ocr_reads_what_the_keyboard_typed_with_the_area_and_languages_sent()
    {
        using PiKvmSession session = await Connect();
        await session.TypeTextAsync("login: admin", null, false, null, CancellationToken.None);
        string text = await session.ReadScreenTextAsync(new PiKvmOcrOptions { Languages = ["eng", "deu"], Left = 0, Top = 10, Right = 640, Bottom = 480 }, CancellationToken.None);
        Assert.Equal("login: admin", text);
        Assert.Contains(Sim.Requests, r => r.Query == "?ocr=1&ocr_langs=eng%2Cdeu&ocr_left=0&ocr_top=10&ocr_right=640&ocr_bottom=480");
    }
}
