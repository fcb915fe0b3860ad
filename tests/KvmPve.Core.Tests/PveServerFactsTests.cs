using System.Text;
using KvmPve.Errors;
using KvmPve.Simulator.Pve;

namespace KvmPve.Core.Tests;

/// <summary>
/// What PVE's source does where the simulator once was the only idea of the server (issue 15): uploads to another
/// node's storage, waits that end, both guest types' stale-digest texts, current and pending configuration, and the
/// guest agent's bytes through Perl.
/// </summary>
public class PveServerFactsTests : PveTest
{
    protected override PveSimulatorOptions PveSimulator() => new() { TaskDuration = TimeSpan.FromMilliseconds(100), AgentDelay = TimeSpan.Zero };

    private static readonly PveVm Web01 = new() { VmId = 100, Node = "pve1", Type = PveGuestType.Qemu, Name = "web01" };

    private static readonly PveVm Dns01 = new() { VmId = 200, Node = "pve2", Type = PveGuestType.Lxc, Name = "dns01" };

    private static async Task<List<PveTaskBatchEvent>> WaitOne(PveTaskBatch batch, Func<CancellationToken, Task<PveTask>> start, Func<PveTask, CancellationToken, Task<object?>> outcome, TimeSpan? timeout = null)
    {
        var events = new List<PveTaskBatchEvent>();
        await batch.PumpUntilAsync(batch.StartAsync("item", start, CancellationToken.None, outcome: outcome, timeout: timeout), events.Add, CancellationToken.None);
        await batch.PumpUntilAsync(batch.WhenAllAsync(CancellationToken.None), events.Add, CancellationToken.None);
        return events;
    }

    [Fact]
    public async Task An_upload_to_another_node_s_storage_is_copied_by_the_local_node_and_waited_for_where_it_went()
    {
        string path = Path.Combine(Directory.CreateTempSubdirectory("kvmpve-up-").FullName, "other.iso");
        await File.WriteAllBytesAsync(path, new byte[4096]);
        using PveSession session = await ConnectPve();
        var upload = new PveUploadRequest { Storage = "local", Node = "pve2", FileName = "other.iso" };
        List<PveTaskBatchEvent> events = await WaitOne(new PveTaskBatch(1, TimeSpan.FromMilliseconds(100)),
            t => session.UploadAsync(path, upload, TimeSpan.FromSeconds(10), null, t), (_, t) => session.UploadedAsync(upload, t), TimeSpan.FromSeconds(10));
        PveTaskBatchEvent done = Assert.Single(events, e => e.Kind == PveTaskBatchEventKind.Finished);
        Assert.Equal(("imgcopy", "pve1"), (done.Task.Type, done.Task.Node));
        PveStorageItem item = Assert.IsType<PveStorageItem>(done.Result);
        Assert.Equal(("local:iso/other.iso", "pve2"), (item.VolId, item.Node));
    }

    [Fact]
    public async Task A_wait_whose_outcome_never_comes_ends_at_its_timeout_naming_what_it_awaited_and_saw()
    {
        using PveSession session = await ConnectPve();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        List<PveTaskBatchEvent> events = await WaitOne(new PveTaskBatch(1, TimeSpan.FromMilliseconds(100)),
            t => session.ChangePowerAsync(Web01, PvePowerAction.Reset, null, t),
            (_, _) => Task.FromResult<object?>(new PveNotYet("the volume local:iso/x.iso on pve2", "local on pve2 does not list it")), TimeSpan.FromSeconds(1));
        PveTaskBatchEvent failed = Assert.Single(events, e => e.Kind == PveTaskBatchEventKind.Failed);
        Assert.Equal((ErrorKind.OperationTimeout, "PveTaskOutcomeTimeout"), (failed.Error!.Kind, failed.Error.ErrorId));
        Assert.Contains("the volume local:iso/x.iso on pve2", failed.Error.Message);
        Assert.Contains("last seen: local on pve2 does not list it", failed.Error.Message);
        Assert.InRange(watch.Elapsed.TotalSeconds, 0.9, 5);
    }

    [Fact]
    public async Task A_task_wait_ends_at_its_timeout_and_a_cancelled_one_at_once()
    {
        Sim.Pve.Options.TaskDuration = TimeSpan.FromSeconds(60);
        using PveSession session = await ConnectPve();
        PveTask task = await session.ChangePowerAsync(Web01, PvePowerAction.Reset, null, CancellationToken.None);
        var ex = await Assert.ThrowsAsync<KvmPveException>(() => session.WaitTaskAsync(task.Upid, TimeSpan.FromSeconds(1), null, CancellationToken.None));
        Assert.Equal((ErrorKind.OperationTimeout, "PveTaskTimeout"), (ex.Kind, ex.ErrorId));
        Assert.Contains("still running", ex.Message);
        using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var watch = System.Diagnostics.Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => session.WaitTaskAsync(task.Upid, TimeSpan.FromMinutes(10), null, stop.Token));
        Assert.InRange(watch.Elapsed.TotalSeconds, 0.2, 3);
    }

    [Theory]
    [InlineData(100, "qemu", "checksum mismatch (file change by other user?)")]
    [InlineData(200, "lxc", "detected modified configuration - file changed by other user? Try again.")]
    public async Task A_stale_digest_is_ResourceBusy_for_both_guest_types_and_nothing_is_overwritten(int vmId, string type, string pveText)
    {
        using PveSession session = await ConnectPve();
        PveVm vm = vmId == 100 ? Web01 : Dns01;
        PveVmConfig read = await session.GetConfigAsync(vm, false, CancellationToken.None);
        await session.SetConfigAsync(vm, new Dictionary<string, object> { ["description"] = "changed by someone else" }, null, null, CancellationToken.None);
        var ex = await Assert.ThrowsAsync<KvmPveException>(() => session.SetConfigAsync(vm, new Dictionary<string, object> { ["description"] = "mine" }, null, read.Digest, CancellationToken.None));
        Assert.Equal((ErrorKind.ResourceBusy, "PveConfigChanged"), (ex.Kind, ex.ErrorId));
        Assert.Contains(pveText, ((KvmPveException)ex.InnerException!).Message);
        Assert.Equal("changed by someone else", (await session.GetConfigAsync(vm, false, CancellationToken.None)).Description);
        Assert.Equal(type, vm.Type.ToString().ToLowerInvariant());
    }

    [Fact]
    public async Task A_running_vm_shows_what_it_runs_with_and_with_pending_what_the_next_start_brings()
    {
        using PveSession session = await ConnectPve();
        long before = (await session.GetConfigAsync(Web01, false, CancellationToken.None)).Memory!.Value;
        await session.SetConfigAsync(Web01, new Dictionary<string, object> { ["memory"] = before + 1024 }, ["sockets"], null, CancellationToken.None);
        PveVmConfig now = await session.GetConfigAsync(Web01, false, CancellationToken.None);
        Assert.Equal(before, now.Memory);
        Assert.Empty(now.Pending);
        Assert.Contains(Sim.Requests, r => r.Path.EndsWith("/qemu/100/config", StringComparison.Ordinal) && r.Query.Contains("current=1", StringComparison.Ordinal));
        PveVmConfig next = await session.GetConfigAsync(Web01, true, CancellationToken.None);
        Assert.Equal(before + 1024, next.Memory);
        Assert.Equal((before + 1024).ToString(System.Globalization.CultureInfo.InvariantCulture), next.Pending["memory"]);
        Assert.Equal(["sockets"], next.PendingDelete);
        Assert.False(next.Keys.ContainsKey("sockets"));
        Assert.Null(next.Sockets);
    }

    [Fact]
    public async Task Guest_output_is_the_text_the_guest_wrote_and_input_reaches_it_as_utf8_bytes()
    {
        using PveSession session = await ConnectPve();
        const string text = "grüße € ✓ 日本語 🙂";
        PveGuestCommandResult echo = await session.ExecAsync(Web01, ["echo", text], null, TimeSpan.FromSeconds(10), CancellationToken.None);
        Assert.Equal(text + "\n", echo.StdOut);
        Assert.Equal(Encoding.UTF8.GetBytes(text + "\n"), echo.StdOutBytes);
        PveGuestCommandResult cat = await session.ExecAsync(Web01, ["cat"], text, TimeSpan.FromSeconds(10), CancellationToken.None);
        Assert.Equal(text, cat.StdOut);
        PveGuestCommandResult invalid = await session.ExecAsync(Web01, ["printf", "a\\xff\\xfeb\\xc3"], null, TimeSpan.FromSeconds(10), CancellationToken.None);
        Assert.Equal(new byte[] { (byte)'a', 0xFF, 0xFE, (byte)'b', 0xC3 }, invalid.StdOutBytes);
        Assert.Equal("a\uFFFD\uFFFDb\uFFFD", invalid.StdOut);
        PveGuestCommandResult err = await session.ExecAsync(Web01, ["fail", "ошибка"], null, TimeSpan.FromSeconds(10), CancellationToken.None);
        Assert.Equal("ошибка\n", err.StdErr);
        await session.WriteGuestFileAsync(Web01, "/tmp/grüße.txt", Encoding.UTF8.GetBytes(text), CancellationToken.None);
        Assert.Equal(text, Encoding.UTF8.GetString(await session.ReadGuestFileAsync(Web01, "/tmp/grüße.txt", CancellationToken.None)));
    }

    [Fact]
    public void Pve_byte_strings_turn_back_into_bytes_and_wider_text_is_taken_as_text()
    {
        Assert.Equal(Encoding.UTF8.GetBytes("grüße"), KvmPve.Pve.PerlBytes.ToBytes("grÃ¼ÃŸe".Replace("Ÿ", "\u009F")));
        Assert.Equal(Encoding.UTF8.GetBytes("✓"), KvmPve.Pve.PerlBytes.ToBytes("✓"));
        Assert.Equal("\u00E2\u009C\u0093", KvmPve.Pve.PerlBytes.ForGuest("✓"));
    }
}
