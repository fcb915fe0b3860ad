using KvmPve.Errors;

namespace KvmPve.Core.Tests;

/// <summary>Issue 19's part of kvmd's API: HID parameters, the streamer, metrics, Wake-on-LAN and reading images back.</summary>
public class PiKvmApiTests : SimulatorTest
{
    [Fact]
    public void Prometheus_text_becomes_metrics_with_types_and_labels()
    {
        const string text = "# TYPE pikvm_atx_power gauge\npikvm_atx_power 1\n\n# HELP x y\npikvm_temp{sensor=\"cpu\",unit=\"c\\\"\"} 41.5\nbad line\n";
        List<PiKvmMetric> metrics = PiKvmMetric.Parse(text, null!);
        Assert.Equal(2, metrics.Count);
        Assert.Equal(("pikvm_atx_power", "gauge", 1.0), (metrics[0].Name, metrics[0].Type, metrics[0].Value));
        Assert.Equal(("cpu", "c\"", 41.5), (metrics[1].Labels["sensor"], metrics[1].Labels["unit"], metrics[1].Value));
        Assert.Null(metrics[1].Type);
    }

    [Fact]
    public async Task Hid_outputs_and_the_jiggler_change_and_what_the_pikvm_lacks_is_refused_first()
    {
        using PiKvmSession session = await Connect();
        PiKvmHidState state = await session.SetHidAsync(new PiKvmHidParams { MouseOutput = "usb_rel", Jiggler = true }, CancellationToken.None);
        Assert.Equal(("usb_rel", false, true), (state.MouseOutput, state.MouseAbsolute, state.JigglerActive));
        Assert.NotNull(state.InactivitySeconds);
        int before = Sim.Requests.Count(r => r.Method == "POST");
        Assert.Equal("PiKvmHidOutputUnavailable", (await Assert.ThrowsAsync<KvmPveException>(() => session.SetHidAsync(new PiKvmHidParams { MouseOutput = "ps2" }, CancellationToken.None))).ErrorId);
        Assert.Equal("PiKvmHidConnectUnavailable", (await Assert.ThrowsAsync<KvmPveException>(() => session.SetHidAsync(new PiKvmHidParams { Connected = false }, CancellationToken.None))).ErrorId);
        Assert.Equal(before, Sim.Requests.Count(r => r.Method == "POST"));
    }

    [Fact]
    public async Task Streamer_settings_are_checked_against_features_and_limits_and_waited_for()
    {
        using PiKvmSession session = await Connect();
        await session.SetStreamerAsync(new PiKvmStreamerParams { Quality = 60, DesiredFps = 70 }, CancellationToken.None);
        PiKvmStreamerState state = await session.GetStreamerAsync(CancellationToken.None);
        Assert.Equal((60, 70), (state.Quality!.Value, state.DesiredFps!.Value));
        KvmPveException range = await Assert.ThrowsAsync<KvmPveException>(() => session.SetStreamerAsync(new PiKvmStreamerParams { DesiredFps = 71 }, CancellationToken.None));
        Assert.Contains("0 to 70", range.Message);
        Assert.Equal("PiKvmStreamerFeatureUnavailable", (await Assert.ThrowsAsync<KvmPveException>(() => session.SetStreamerAsync(new PiKvmStreamerParams { H264Bitrate = 5000 }, CancellationToken.None))).ErrorId);
        Assert.Equal("PiKvmStreamerOutOfRange", (await Assert.ThrowsAsync<KvmPveException>(() => session.SetStreamerAsync(new PiKvmStreamerParams { Resolution = "800x600" }, CancellationToken.None))).ErrorId);
        Assert.Equal("PiKvmStreamerNothing", (await Assert.ThrowsAsync<KvmPveException>(() => session.SetStreamerAsync(new PiKvmStreamerParams(), CancellationToken.None))).ErrorId);
    }

    [Fact]
    public async Task An_image_reads_back_byte_for_byte_and_a_failed_read_leaves_no_file()
    {
        string folder = Directory.CreateTempSubdirectory("kvmpve-read-").FullName;
        string source = Path.Combine(folder, "src.img");
        byte[] bytes = System.Security.Cryptography.RandomNumberGenerator.GetBytes(200_001);
        await File.WriteAllBytesAsync(source, bytes);
        using PiKvmSession session = await Connect();
        await session.UploadAsync(source, "read.img", false, null, CancellationToken.None);
        var progress = new List<long>();
        FileInfo saved = await session.SaveImageAsync("read.img", Path.Combine(folder, "back.img"), "none", (done, _) => progress.Add(done), CancellationToken.None);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(saved.FullName));
        Assert.Equal(bytes.Length, progress[^1]);
        await Assert.ThrowsAsync<KvmPveException>(() => session.SaveImageAsync("read.img", Path.Combine(folder, "z.img.zst"), "zstd", null, CancellationToken.None));
        Assert.False(File.Exists(Path.Combine(folder, "z.img.zst")));
        Assert.Empty(Directory.GetFiles(folder, "*.part"));
        Assert.Equal("PiKvmInvalidCompression", (await Assert.ThrowsAsync<KvmPveException>(() => session.SaveImageAsync("read.img", Path.Combine(folder, "x"), "gzip", null, CancellationToken.None))).ErrorId);
    }

    [Fact]
    public async Task Wake_on_lan_without_kvmd_s_channel_names_the_setting_and_sends_nothing()
    {
        using PiKvmSession session = await Connect();
        KvmPveException ex = await Assert.ThrowsAsync<KvmPveException>(() => session.WakeOnLanAsync("__wol__", CancellationToken.None));
        Assert.Equal((ErrorKind.ResourceUnavailable, "PiKvmWakeOnLanUnavailable"), (ex.Kind, ex.ErrorId));
        Assert.DoesNotContain(Sim.Requests, r => r.Path == "/api/gpio/pulse");
        await session.WakeOnLanAsync("relay2", CancellationToken.None);
        Assert.Contains(Sim.Requests, r => r.Path == "/api/gpio/pulse" && r.Query.Contains("channel=relay2", StringComparison.Ordinal));
    }
}
