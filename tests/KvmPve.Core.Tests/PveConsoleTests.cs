using KvmPve.Errors;

namespace KvmPve.Core.Tests;

/// <summary>Keys as QEMU's sendkey takes them (no server).</summary>
public class PveVmKeyTests
{
    [Theory]
    [InlineData("ctrl-alt-delete", "ctrl-alt-delete")]
    [InlineData("Ctrl+Alt+Delete", "ctrl-alt-delete")]
    [InlineData("Ctrl+Alt+Del", "ctrl-alt-delete")]
    [InlineData("Enter", "ret")]
    [InlineData("F12", "f12")]
    [InlineData("ArrowDown", "down")]
    [InlineData("KeyA", "a")]
    [InlineData("Digit7", "7")]
    [InlineData("Numpad1", "kp_1")]
    [InlineData("Win+R", "meta_l-r")]
    [InlineData("AltRight+ControlRight+ShiftRight", "alt_r-ctrl_r-shift_r")]
    [InlineData("0x1c", "0x1c")]
    [InlineData("minus", "minus")]
    [InlineData("-", "-")]
    public void Send_piKvm_names_and_qemu_names_become_qemus(string key, string qemu)
    {
        if (key == "-")
        {
            // A lone '-' is no key name QEMU has: refused, naming it.
            Assert.Equal("PveInvalidKey", Assert.Throws<KvmPveException>(() => PveVmKeys.ToQemu(key)).ErrorId);
            return;
        }

        Assert.Equal(qemu, PveVmKeys.ToQemu(key));
    }

    [Fact]
    public void An_unknown_key_is_named_with_near_ones()
    {
        var ex = Assert.Throws<KvmPveException>(() => PveVmKeys.ToQemu("ctrl-alt-delet"));
        Assert.Equal((ErrorKind.InvalidArgument, "PveInvalidKey"), (ex.Kind, ex.ErrorId));
        Assert.Contains("'delet' in 'ctrl-alt-delet' is not a key QEMU knows. Did you mean delete", ex.Message);
        Assert.Contains("Keys are QEMU's names", Assert.Throws<KvmPveException>(() => PveVmKeys.ToQemu("Hyper")).Message);
        Assert.Equal("PveInvalidKey", Assert.Throws<KvmPveException>(() => PveVmKeys.ToQemu(" ")).ErrorId);
    }
}

/// <summary>Keys and SPICE files against the simulator's qemu-server console endpoints.</summary>
public class PveConsoleTests : PveTest
{
    private static async Task<PveVm> Vm(PveSession session, int vmid) =>
        (await session.GetVmsAsync(new PveVmQuery { VmId = [vmid] }, _ => { }, CancellationToken.None)).Single();

    [Fact]
    public async Task Keys_go_one_chord_per_request_in_order()
    {
        using PveSession session = await ConnectPve();
        PveVm vm = await Vm(session, 100);
        await session.SendVmKeysAsync(vm, ["Ctrl+Alt+Delete", "f12", "Enter"], CancellationToken.None);
        Assert.Equal(["ctrl-alt-delete", "f12", "ret"], Sim.Pve.SentKeys[100]);
        Assert.Contains(Sim.Requests, r => r.Method == "PUT" && r.Path == "/api2/json/nodes/pve1/qemu/100/sendkey");
    }

    [Fact]
    public async Task A_bad_key_a_stopped_vm_or_a_container_is_refused_before_anything_is_sent()
    {
        using PveSession session = await ConnectPve();
        int before = Sim.Requests.Count(r => r.Path.EndsWith("/sendkey", StringComparison.Ordinal));
        PveVm running = await Vm(session, 100);
        Assert.Equal("PveInvalidKey", (await Assert.ThrowsAsync<KvmPveException>(() => session.SendVmKeysAsync(running, ["ret", "nokey"], CancellationToken.None))).ErrorId);
        var stopped = await Assert.ThrowsAsync<KvmPveException>(async () => await session.SendVmKeysAsync(await Vm(session, 101), ["ret"], CancellationToken.None));
        Assert.Equal((ErrorKind.InvalidOperation, "PveGuestNotRunning"), (stopped.Kind, stopped.ErrorId));
        Assert.Contains("VM 101 on pve1 is stopped", stopped.Message);
        Assert.Equal("PveNotAVm", (await Assert.ThrowsAsync<KvmPveException>(async () => await session.SendVmKeysAsync(await Vm(session, 200), ["ret"], CancellationToken.None))).ErrorId);
        Assert.Equal(before, Sim.Requests.Count(r => r.Path.EndsWith("/sendkey", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_spice_file_has_pves_settings_under_virt_viewer_and_the_session_host_as_proxy()
    {
        using PveSession session = await ConnectPve();
        lock (Sim.Pve.Cluster.Guest(100)!.Config)
        {
            Sim.Pve.Cluster.Guest(100)!.Config.Values["vga"] = "qxl";
        }

        string path = Path.Combine(Path.GetTempPath(), $"kvmpve-{Guid.NewGuid():N}.vv");
        try
        {
            PveSpiceFile file = await session.SaveSpiceFileAsync(await Vm(session, 100), path, null, CancellationToken.None);
            string[] lines = File.ReadAllLines(path);
            Assert.Equal("[virt-viewer]", lines[0]);
            Assert.Contains("type=spice", lines);
            Assert.Contains("proxy=http://127.0.0.1:3128", lines);
            Assert.Contains("delete-this-file=1", lines);
            Assert.Contains(lines, l => l.StartsWith("password=", StringComparison.Ordinal) && l.Length > 20);
            Assert.Contains(lines, l => l.StartsWith("ca=-----BEGIN CERTIFICATE-----\\n", StringComparison.Ordinal));
            Assert.Equal(("http://127.0.0.1:3128", 61100, 100), (file.Proxy, file.TlsPort, file.VmId));
            Assert.Contains(Sim.Requests, r => r.Path == "/api2/json/nodes/pve1/qemu/100/spiceproxy");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task A_vm_without_a_spice_display_says_so_with_pves_words()
    {
        using PveSession session = await ConnectPve();
        var ex = await Assert.ThrowsAsync<KvmPveException>(async () => await session.SaveSpiceFileAsync(await Vm(session, 100), Path.Combine(Path.GetTempPath(), $"kvmpve-{Guid.NewGuid():N}.vv"), null, CancellationToken.None));
        Assert.Contains("no spice port", ex.Message);
    }
}

/// <summary>Text consoles through the simulator's termproxy (its scripted login where no serial port is behind a guest).</summary>
public class PveTextConsoleTests : PveTest
{
    private static async Task<PveVm> Vm(PveSession session, int vmid) =>
        (await session.GetVmsAsync(new PveVmQuery { VmId = [vmid] }, _ => { }, CancellationToken.None)).Single();

    [Fact]
    public async Task Waits_consume_what_they_matched_and_typing_counts_utf8_bytes()
    {
        using PveSession session = await ConnectPve();
        PveVm vm = await Vm(session, 102);
        PveTextConsole console = await session.TextConsoleAsync(vm, null, CancellationToken.None);
        Func<string, (string Match, int End)?> login = PiKvmSession.Locator("login:", false);
        Assert.Equal("db01 login: ", await console.WaitAsync("login:", login, TimeSpan.FromSeconds(5), CancellationToken.None));
        await console.SendAsync("root\rpw\recho \u00e9t\u00e9 \u2713\r", CancellationToken.None);
        Assert.Equal("\u00e9t\u00e9 \u2713", await console.WaitAsync("x", PiKvmSession.Locator("^\u00e9t\u00e9 \u2713$", true), TimeSpan.FromSeconds(5), CancellationToken.None));
        // The login prompt was consumed: waiting for it again waits for a new one, and says what it saw.
        var ex = await Assert.ThrowsAsync<KvmPveException>(() => console.WaitAsync("login:", login, TimeSpan.FromMilliseconds(300), CancellationToken.None));
        Assert.Equal((ErrorKind.OperationTimeout, "PveConsoleTextTimeout"), (ex.Kind, ex.ErrorId));
        Assert.Contains("Last seen: 'root@db01:~#'", ex.Message);
        Assert.Same(console, await session.TextConsoleAsync(vm, null, CancellationToken.None));
    }

    [Fact]
    public async Task A_closed_console_ends_a_wait_and_the_session_closes_its_consoles()
    {
        using PveSession session = await ConnectPve();
        PveTextConsole console = await session.TextConsoleAsync(await Vm(session, 102), null, CancellationToken.None);
        Task<string> waiting = console.WaitAsync("never", PiKvmSession.Locator("never", false), TimeSpan.FromSeconds(30), CancellationToken.None);
        console.Dispose();
        Assert.Equal("PveConsoleClosed", (await Assert.ThrowsAsync<KvmPveException>(() => waiting)).ErrorId);
        PveTextConsole second = await session.TextConsoleAsync(await Vm(session, 102), null, CancellationToken.None);
        session.Dispose();
        Assert.False(second.IsOpen);
    }
}
