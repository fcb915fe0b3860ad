using System.Security.Cryptography;
using System.Text.Json;
using KvmPve.Errors;
using KvmPve.Simulator.Pve;

namespace KvmPve.Core.Tests;

public class PveStorageTests : PveTest
{
    protected override PveSimulatorOptions PveSimulator() => new() { TaskDuration = TimeSpan.FromMilliseconds(100), AgentDelay = TimeSpan.Zero };

    private static readonly PveVm Web01 = new() { VmId = 100, Node = "pve1", Type = PveGuestType.Qemu, Name = "web01" };

    [Fact]
    public void Storage_and_content_entries_read_pve_s_fields()
    {
        using JsonDocument storage = JsonDocument.Parse("""{ "storage": "local", "type": "dir", "content": "iso,backup", "shared": 0, "enabled": 1, "active": 1, "total": 1000, "used": 400, "avail": 600 }""");
        PveStorage s = PveStorage.From(storage.RootElement, "pve1", null!);
        Assert.Equal(("local", "dir", false, true, 600L), (s.Name, s.Type, s.Shared, s.Active, s.Available!.Value));
        Assert.Equal(["iso", "backup"], s.Content);
        using JsonDocument item = JsonDocument.Parse("""{ "volid": "pbs:backup/vm/100/2025-01-01T00:00:00Z", "content": "backup", "format": "pbs-vm", "size": 5, "ctime": 1735689600, "vmid": 100, "protected": 1, "verification": { "state": "ok", "upid": "x" } }""");
        PveStorageItem i = PveStorageItem.From(item.RootElement, "pbs", "pve1", null!);
        Assert.Equal((100, true, "ok", "vm/100/2025-01-01T00:00:00Z"), (i.VmId!.Value, i.Protected, i.Verification, i.Name));
        Assert.Equal(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero).LocalDateTime, i.CreatedAt);
    }

    [Theory]
    [InlineData("debian 12.iso", "iso", "PveInvalidFileName")]
    [InlineData("debian.qcow2", "iso", "PveInvalidFileName")]
    [InlineData("ct.tar.zst", "iso", "PveInvalidFileName")]
    [InlineData("ct.tar.zst", "backup", "PveInvalidContent")]
    public void Upload_names_pve_would_refuse_or_change_are_refused_first(string name, string content, string id)
    {
        var ex = Assert.Throws<KvmPveException>(() => PveSession.CheckUploadName(new PveUploadRequest { Storage = "local", FileName = name, Content = content }));
        Assert.Equal(id, ex.ErrorId);
        PveSession.CheckUploadName(new PveUploadRequest { Storage = "local", FileName = "ct.tar.zst", Content = "vztmpl" });
        Assert.Equal("PveInvalidChecksum", Assert.Throws<KvmPveException>(() =>
            PveSession.CheckUploadName(new PveUploadRequest { Storage = "local", FileName = "a.iso", Checksum = "abc", ChecksumAlgorithm = "sha256" })).ErrorId);
    }

    [Fact]
    public async Task An_upload_arrives_byte_exact_through_pve_s_strict_multipart_parser()
    {
        string path = Path.Combine(Directory.CreateTempSubdirectory("kvmpve-up-").FullName, "random.iso");
        byte[] bytes = RandomNumberGenerator.GetBytes(3_000_001);
        await File.WriteAllBytesAsync(path, bytes);
        using PveSession session = await ConnectPve();
        string sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var upload = new PveUploadRequest { Storage = "local", Node = "pve2", FileName = "random.iso", Checksum = sha, ChecksumAlgorithm = "sha256" };
        PveTask task = await session.UploadAsync(path, upload, TimeSpan.FromSeconds(10), null, CancellationToken.None);
        await session.WaitTaskAsync(task.Upid, TimeSpan.FromMinutes(1), null, CancellationToken.None);
        SimVolume volume = Sim.Pve.Cluster.Storage("pve2", "local")!.Volumes["local:iso/random.iso"];
        Assert.Equal((bytes.LongLength, sha), (volume.Size, volume.Checksums!["sha256"]));
        var exists = await Assert.ThrowsAsync<KvmPveException>(() => session.UploadAsync(path, upload, TimeSpan.FromSeconds(10), null, CancellationToken.None));
        Assert.Equal((ErrorKind.ResourceExists, "PveStorageContentExists"), (exists.Kind, exists.ErrorId));
    }

    [Fact]
    public async Task A_stopped_upload_leaves_no_volume()
    {
        string path = KvmPve.Testing.SparseFile.Create("stopped.iso", 256L << 20);

        using PveSession session = await ConnectPve();
        using var stop = new CancellationTokenSource();
        var upload = new PveUploadRequest { Storage = "local", Node = "pve1", FileName = "stopped.iso" };
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => session.UploadAsync(path, upload, TimeSpan.FromSeconds(10), (sent, _) =>
        {
            if (sent > 32L << 20)
            {
                stop.Cancel();
            }
        }, stop.Token));
        await Task.Delay(300);
        Assert.DoesNotContain(Sim.Pve.Cluster.Storages.SelectMany(s => s.Volumes.Keys), v => v.Contains("stopped.iso", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_server_that_stops_reading_an_upload_ends_it_at_the_idle_timeout_not_the_session_s()
    {
        string path = KvmPve.Testing.SparseFile.Create("stalled.iso", 64L << 20);

        Sim.Pve.Options.UploadStallAfter = 4L << 20;
        using PveSession session = await ConnectPve();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var ex = await Assert.ThrowsAsync<KvmPveException>(() => session.UploadAsync(path, new PveUploadRequest { Storage = "local", Node = "pve1", FileName = "stalled.iso" },
            TimeSpan.FromSeconds(1), null, CancellationToken.None));
        Assert.Equal((ErrorKind.OperationTimeout, "PveUploadStalled"), (ex.Kind, ex.ErrorId));
        Assert.InRange(watch.Elapsed.TotalSeconds, 0.9, 8);
        Assert.DoesNotContain(Sim.Pve.Cluster.Storages.SelectMany(s => s.Volumes.Keys), v => v.Contains("stalled.iso", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Guest_commands_report_exit_codes_output_and_timeouts_as_data()
    {
        using PveSession session = await ConnectPve();
        PveGuestCommandResult ok = await session.ExecAsync(Web01, ["argv", "a b", "\"q\" 'x'", "ü€🙂", "", "--x=1;2&3"], null, TimeSpan.FromSeconds(10), CancellationToken.None);
        Assert.Equal(0, ok.ExitCode);
        Assert.Equal(["a b", "\"q\" 'x'", "ü€🙂", "", "--x=1;2&3"], JsonSerializer.Deserialize<string[]>(ok.StdOut)!);
        Assert.Equal(137, (await session.ExecAsync(Web01, ["exit", "137"], null, TimeSpan.FromSeconds(10), CancellationToken.None)).ExitCode);
        PveGuestCommandResult failed = await session.ExecAsync(Web01, ["fail", "bad\u0001thing ü"], null, TimeSpan.FromSeconds(10), CancellationToken.None);
        Assert.Equal((1, "bad\u0001thing ü\n"), (failed.ExitCode!.Value, failed.StdErr));
        PveGuestCommandResult input = await session.ExecAsync(Web01, ["cat"], "line1\nü\0end", TimeSpan.FromSeconds(10), CancellationToken.None);
        Assert.Equal("line1\nü\0end", input.StdOut);
        PveGuestCommandResult killed = await session.ExecAsync(Web01, ["kill"], null, TimeSpan.FromSeconds(10), CancellationToken.None);
        Assert.Equal((null, 9), (killed.ExitCode, killed.Signal!.Value));
        var watch = System.Diagnostics.Stopwatch.StartNew();
        PveGuestCommandResult slow = await session.ExecAsync(Web01, ["sleep", "30"], null, TimeSpan.FromSeconds(1), CancellationToken.None);
        Assert.True(slow.TimedOut);
        Assert.InRange(watch.Elapsed.TotalSeconds, 0.9, 3);
    }

    [Fact]
    public async Task Guest_files_round_trip_any_bytes_and_the_read_limit_is_an_error()
    {
        using PveSession session = await ConnectPve();
        byte[] bytes = RandomNumberGenerator.GetBytes(40_000);
        await session.WriteGuestFileAsync(Web01, "/tmp/random.bin", bytes, CancellationToken.None);
        Assert.Equal(bytes, Sim.Pve.Cluster.Guest(100)!.Agent.Files["/tmp/random.bin"]);
        Assert.Equal(bytes, await session.ReadGuestFileAsync(Web01, "/tmp/random.bin", CancellationToken.None));
        var big = await Assert.ThrowsAsync<KvmPveException>(() => session.ReadGuestFileAsync(Web01, "/var/log/big.bin", CancellationToken.None));
        Assert.Equal("PveGuestFileTooLarge", big.ErrorId);
        var tooMuch = await Assert.ThrowsAsync<KvmPveException>(() => session.WriteGuestFileAsync(Web01, "/tmp/x", new byte[50_000], CancellationToken.None));
        Assert.Equal(ErrorKind.InvalidArgument, tooMuch.Kind);
    }

    [Fact]
    public async Task An_agent_that_is_not_there_is_ResourceUnavailable_naming_Wait_PveGuestAgent()
    {
        using PveSession session = await ConnectPve();
        var stopped = await Assert.ThrowsAsync<KvmPveException>(() => session.PingAgentAsync(new PveVm { VmId = 101, Node = "pve1", Type = PveGuestType.Qemu }, CancellationToken.None));
        Assert.Equal((ErrorKind.ResourceUnavailable, "PveGuestAgentUnavailable"), (stopped.Kind, stopped.ErrorId));
        Assert.Contains("Wait-PveGuestAgent", stopped.Message);
        var timeout = await Assert.ThrowsAsync<KvmPveException>(() => session.WaitAgentAsync(new PveVm { VmId = 101, Node = "pve1", Type = PveGuestType.Qemu }, TimeSpan.FromSeconds(1), null, CancellationToken.None));
        Assert.Equal(ErrorKind.OperationTimeout, timeout.Kind);
    }

    [Fact]
    public async Task A_backup_task_per_node_leaves_an_archive_per_guest()
    {
        using PveSession session = await ConnectPve();
        PveTask task = await session.StartBackupAsync("pve1", [100, 101], new PveBackupOptions { Storage = "nfs-backup", Notes = "{{guestname}}", Protected = true }, CancellationToken.None);
        task = await session.WaitTaskAsync(task.Upid, TimeSpan.FromMinutes(1), null, CancellationToken.None);
        var archives = Assert.IsType<List<PveStorageItem>>(await session.BackupArchivesAsync(task, "nfs-backup", [100, 101], CancellationToken.None));
        Assert.Equal([100, 101], archives.Select(a => a.VmId!.Value));
        Assert.Equal(["web01", "web02"], archives.Select(a => a.Notes));
        Assert.All(archives, a => Assert.True(a.Protected));
        IReadOnlyList<PveStorageItem> all = await session.GetBackupsAsync([100], null, CancellationToken.None);
        Assert.Equal(2, all.Count);
        Assert.Equal(archives[0].VolId, all[0].VolId);
    }
}

[Collection(TimingSensitive.Name)]
public class PveLargeUploadTests : PveTest
{
    [Fact]
    public async Task A_3_GiB_file_uploads_byte_exact_with_flat_memory()
    {
        const long size = (3L << 30) + 12_345;
        string path = KvmPve.Testing.SparseFile.Create("big.iso", size);

        try
        {
            using PveSession session = await ConnectPve();
            // The checksum of 3 GiB of zeros, as the simulator's copy task checks it.
            string sha;
            using (var zeros = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20))
            {
                sha = Convert.ToHexStringLower(await SHA256.HashDataAsync(zeros));
            }

            await using var memory = new KvmPve.Testing.WorkingSetPeak();
            PveTask task = await session.UploadAsync(path, new PveUploadRequest { Storage = "local", Node = "pve1", FileName = "big.iso", Checksum = sha, ChecksumAlgorithm = "sha256" },
                TimeSpan.FromSeconds(30), null, CancellationToken.None);
            long growth = await memory.StopAsync();
            PveTask done = await session.WaitTaskAsync(task.Upid, TimeSpan.FromMinutes(1), null, CancellationToken.None);
            Assert.True(done.Succeeded);
            SimVolume volume = Sim.Pve.Cluster.Storage("pve1", "local")!.Volumes["local:iso/big.iso"];
            Assert.Equal((size, sha), (volume.Size, volume.Checksums!["sha256"]));
            Assert.True(growth < 64L << 20, $"working set grew by {growth >> 20} MiB");
        }
        finally
        {
            File.Delete(path);
        }
    }
}
