using System.Net;
using System.Text.Json;
using KvmPve.Errors;

namespace KvmPve.Core.Tests;

public class MsdTests : SimulatorTest
{
    private readonly string _folder = Directory.CreateTempSubdirectory("kvmpve-msd-").FullName;

    private string File(string name, long size) => KvmPve.Testing.SparseFile.Create(name, size, _folder);

    [Fact]
    public async Task State_and_images_read_from_the_real_fixture_and_the_simulator_alike()
    {
        using JsonDocument fixture = JsonDocument.Parse(System.IO.File.ReadAllText(Paths.Fixture("pikvm", "msd.json")));
        PiKvmMsdState real = PiKvmMsdState.From(fixture.RootElement.GetProperty("result"), null!);
        Assert.Equal((true, true, false, PiKvmMsdMedia.Cdrom, 270553174016L, 83357614080L), (real.Enabled, real.Online, real.Connected, real.Media, real.StorageSize, real.StorageFree));
        var images = PiKvmMsdImage.From(fixture.RootElement.GetProperty("result"), null!);
        Assert.Equal(["remote.iso", "t2.iso", "via-nginx.iso"], images.Select(i => i.Name));
        Assert.Equal(3000000, images[0].Size);
        Assert.NotNull(images[0].Modified);
        using PiKvmSession session = await Connect();
        Assert.True((await session.GetMsdAsync(CancellationToken.None)).Online);
        var ours = new List<KvmPveException>();
        Assert.Equal(["t2.iso"], (await session.GetMsdImagesAsync(["t2*", "nope.iso"], ours.Add, CancellationToken.None)).Select(i => i.Name));
        Assert.Equal("PiKvmMsdImageNotFound", Assert.Single(ours).ErrorId);
    }

    [Theory]
    [InlineData("msd.selected.json", false)]
    [InlineData("msd.connected.json", true)]
    public async Task The_selected_image_is_kvmds_object_read_from_real_answers_and_the_simulator(string fixture, bool connected)
    {
        using JsonDocument real = JsonDocument.Parse(System.IO.File.ReadAllText(Paths.Fixture("pikvm", fixture)));
        PiKvmMsdState state = PiKvmMsdState.From(real.RootElement.GetProperty("result"), null!);
        Assert.Equal(connected, state.Connected);
        Assert.NotNull(state.Image);
        Assert.Equal(("t.iso", 3_000_000L, true, true), (state.Image!.Name, state.Image.Size, state.Image.Complete, state.Image.Removable));
        Assert.NotNull(state.Image.Modified);
        Assert.Equal("t.iso", state.Image.ToString());
        Assert.Null(PiKvmMsdState.From(JsonDocument.Parse(System.IO.File.ReadAllText(Paths.Fixture("pikvm", "msd.json"))).RootElement.GetProperty("result"), null!).Image);

        using PiKvmSession session = await Connect();
        PiKvmMsdState mounted = await session.MountAsync("t2.iso", PiKvmMsdMedia.Cdrom, false, CancellationToken.None);
        Assert.Equal(("t2.iso", 3_000_000L, true), (mounted.Image!.Name, mounted.Image.Size, mounted.Connected));
    }

    [Fact]
    public async Task Like_kvmd_the_simulator_lists_a_change_only_after_its_storage_refresh()
    {
        Sim.PiKvm.Options.MsdStorageRefresh = TimeSpan.FromMilliseconds(800);
        using var raw = new HttpClient(new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, _, _, _) => true }) { BaseAddress = Sim.BaseUri };
        raw.DefaultRequestHeaders.Add("X-KVMD-User", "admin");
        raw.DefaultRequestHeaders.Add("X-KVMD-Passwd", "admin");
        Assert.Equal(HttpStatusCode.OK, (await raw.PostAsync("api/msd/remove?image=t2.iso", new StringContent(""))).StatusCode);
        Assert.Contains("t2.iso", await raw.GetStringAsync("api/msd"));
        HttpResponseMessage refused = await raw.PostAsync("api/msd/write?image=t2.iso", new ByteArrayContent(new byte[10]));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("MsdImageExistsError", await refused.Content.ReadAsStringAsync());
        await Task.Delay(1200);
        Assert.DoesNotContain("t2.iso", await raw.GetStringAsync("api/msd"));
        Assert.Equal(HttpStatusCode.OK, (await raw.PostAsync("api/msd/write?image=t2.iso", new ByteArrayContent(new byte[10]))).StatusCode);
        Assert.DoesNotContain("t2.iso", await raw.GetStringAsync("api/msd"));
    }

    [Fact]
    public async Task Force_replaces_an_image_although_kvmd_still_lists_it_right_after_the_remove()
    {
        Sim.PiKvm.Options.MsdStorageRefresh = TimeSpan.FromMilliseconds(1500);
        using PiKvmSession session = await Connect();
        string path = File("t2.iso", 1234);
        PiKvmMsdImage replaced = await session.UploadAsync(path, "t2.iso", true, null, CancellationToken.None);
        Assert.Equal(("t2.iso", 1234L), (replaced.Name, replaced.Size));
        Assert.Equal(["remove t2.iso", "write t2.iso"], Sim.PiKvm.Msd.Operations);
        Assert.Equal(1234, (await session.GetMsdImagesAsync(["t2.iso"], null, CancellationToken.None)).Single().Size);
    }

    [Fact]
    public async Task A_write_kvmd_refuses_as_existing_is_resource_exists()
    {
        Sim.PiKvm.Options.MsdStorageRefresh = TimeSpan.FromSeconds(5);
        using PiKvmSession session = await Connect();
        string path = File("new.iso", 100);
        await session.UploadAsync(path, "new.iso", false, null, CancellationToken.None);
        // Not listed yet, so the client's own check passes; kvmd refuses the write.
        var ex = await Assert.ThrowsAsync<KvmPveException>(() => session.UploadAsync(path, "new.iso", false, null, CancellationToken.None));
        Assert.Equal((ErrorKind.ResourceExists, "PiKvmMsdImageExists"), (ex.Kind, ex.ErrorId));
        Assert.Contains("-Force", ex.Message);
    }

    [Fact]
    public async Task Removing_an_unknown_image_is_object_not_found_and_an_upload_while_connected_names_the_fix()
    {
        using PiKvmSession session = await Connect();
        var ex = await Assert.ThrowsAsync<KvmPveException>(() => session.RemoveImageAsync("nope.iso", CancellationToken.None));
        Assert.Equal((ErrorKind.ObjectNotFound, "PiKvmMsdImageNotFound", "MsdUnknownImageError"), (ex.Kind, ex.ErrorId, ex.ServerError));
        await session.MountAsync("t2.iso", PiKvmMsdMedia.Cdrom, false, CancellationToken.None);
        ex = await Assert.ThrowsAsync<KvmPveException>(() => session.UploadAsync(File("other.iso", 10), "other.iso", false, null, CancellationToken.None));
        Assert.Equal((ErrorKind.InvalidOperation, "PiKvmMsdConnected"), (ex.Kind, ex.ErrorId));
        Assert.Contains("Dismount-PiKvmMsdImage", ex.Message);
    }

    [Fact]
    public async Task An_upload_streams_the_file_with_its_length_and_reports_progress()
    {
        using PiKvmSession session = await Connect();
        string path = File("small.iso", 5_000_000);
        long last = 0;
        PiKvmMsdImage image = await session.UploadAsync(path, "small.iso", false, (done, total) => last = done, CancellationToken.None);
        Assert.Equal(("small.iso", 5_000_000L, true), (image.Name, image.Size, image.Complete));
        Assert.Equal(5_000_000, Sim.PiKvm.Msd.Images["small.iso"].Received);
        Assert.Equal(5_000_000, last);
        Assert.Contains(Sim.Requests, r => r.Path == "/api/msd/write" && r.Query == "?image=small.iso&remove_incomplete=1" && r.ContentLength == 5_000_000);
    }

    [Fact]
    public async Task A_duplicate_needs_force_which_replaces_it()
    {
        using PiKvmSession session = await Connect();
        string path = File("t2.iso", 1000);
        var ex = await Assert.ThrowsAsync<KvmPveException>(() => session.UploadAsync(path, "t2.iso", false, null, CancellationToken.None));
        Assert.Equal(ErrorKind.ResourceExists, ex.Kind);
        Assert.Contains("-Force", ex.Message);
        Assert.DoesNotContain(Sim.Requests, r => r.Path == "/api/msd/write");
        await session.UploadAsync(path, "t2.iso", true, null, CancellationToken.None);
        Assert.Equal(["remove t2.iso", "write t2.iso"], Sim.PiKvm.Msd.Operations);
        Assert.Equal(1000, Sim.PiKvm.Msd.Images["t2.iso"].Size);
    }

    [Fact]
    public async Task An_interrupted_upload_leaves_no_half_image()
    {
        using PiKvmSession session = await Connect();
        string path = File("big.iso", 400_000_000);
        using var cancel = new CancellationTokenSource();
        Task upload = session.UploadAsync(path, "big.iso", false, (done, _) =>
        {
            if (done > 20_000_000)
            {
                cancel.Cancel();
            }
        }, cancel.Token);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => upload);
        await Task.Delay(300);
        Assert.False(Sim.PiKvm.Msd.Images.ContainsKey("big.iso"));
        Assert.Contains("removed incomplete big.iso", Sim.PiKvm.Msd.Operations);
        Assert.Contains(Sim.Requests, r => r.Path == "/api/msd/write" && r.Query == "?image=big.iso&remove_incomplete=1");
    }

    [Fact]
    public async Task The_simulator_refuses_a_chunked_upload_like_kvmd()
    {
        using PiKvmSession session = await Connect();
        using var http = new HttpClient(new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, _, _, _) => true }) { BaseAddress = Sim.BaseUri };
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/msd/write?image=x.iso") { Content = new StreamContent(new MemoryStream(new byte[10])) };
        request.Headers.TransferEncodingChunked = true;
        request.Headers.Add("X-KVMD-User", "admin");
        request.Headers.Add("X-KVMD-Passwd", "admin");
        using HttpResponseMessage response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Mounting_disconnects_another_image_first_then_selects_and_connects()
    {
        using PiKvmSession session = await Connect();
        await session.MountAsync("remote.iso", PiKvmMsdMedia.Cdrom, false, CancellationToken.None);
        PiKvmMsdState state = await session.MountAsync("t2.iso", PiKvmMsdMedia.Flash, true, CancellationToken.None);
        Assert.Equal(("t2.iso", true, PiKvmMsdMedia.Flash, true), (state.Image?.Name, state.Connected, state.Media, state.ReadWrite));
        Assert.Equal(["params remote.iso", "connect", "disconnect", "params t2.iso", "connect"], Sim.PiKvm.Msd.Operations);
        Assert.False((await session.DismountAsync(CancellationToken.None)).Connected);
        var ex = await Assert.ThrowsAsync<KvmPveException>(() => session.MountAsync("nope.iso", PiKvmMsdMedia.Cdrom, false, CancellationToken.None));
        Assert.Equal(ErrorKind.ObjectNotFound, ex.Kind);
        Assert.Contains("remote.iso, t2.iso", ex.Message);
    }

    [Fact]
    public async Task A_remote_download_reports_progress_and_a_failure_midway_is_an_error()
    {
        using PiKvmSession session = await Connect();
        var seen = new List<long>();
        PiKvmMsdImage image = await session.UploadFromUrlAsync(new Uri("https://mirror.example.net/debian.iso"), "debian.iso", (done, _) => seen.Add(done), CancellationToken.None);
        Assert.Equal("debian.iso", image.Name);
        Assert.Equal(3_000_000, seen[^1]);
        var ex = await Assert.ThrowsAsync<KvmPveException>(() => session.UploadFromUrlAsync(new Uri("https://mirror.example.net/fail.iso"), "fail.iso", null, CancellationToken.None));
        Assert.Equal("PiKvmMsdDownloadFailed", ex.ErrorId);
        Assert.Contains("MsdDownloadError", ex.Message);
    }
}

[Collection(TimingSensitive.Name)]
public class MsdLargeUploadTests : SimulatorTest
{
    [Fact]
    public async Task A_file_over_1_GiB_uploads_with_flat_memory()
    {
        const long size = (1L << 30) + 7_654_321;
        string path = KvmPve.Testing.SparseFile.Create("big.iso", size);

        try
        {
            using PiKvmSession session = await Connect();
            await using var memory = new KvmPve.Testing.WorkingSetPeak();
            PiKvmMsdImage image = await session.UploadAsync(path, "big.iso", false, null, CancellationToken.None);
            long growth = await memory.StopAsync();

            Assert.Equal(size, image.Size);
            Assert.Equal(size, Sim.PiKvm.Msd.Images["big.iso"].Received);
            Assert.True(growth < 64L << 20, $"working set grew by {growth >> 20} MiB");
        }
        finally
        {
            System.IO.File.Delete(path);
        }
    }
}
