using System.Collections;
using System.Reflection;
using System.Text.Json;
using KvmPve.Errors;
using KvmPve.Pve;
using KvmPve.Simulator.Pve;

namespace KvmPve.Core.Tests;

public class PveLifecycleTests : PveTest
{
    protected override PveSimulatorOptions PveSimulator() => new() { TaskDuration = TimeSpan.FromMilliseconds(100), HaDelay = TimeSpan.FromMilliseconds(200) };

    private static PveVm Guest(int vmid, string node, PveGuestType type = PveGuestType.Qemu) => new() { VmId = vmid, Node = node, Type = type };

    [Theory]
    [InlineData("/nodes/{node}/qemu/{vmid}/config", "PUT", nameof(PveConfigKeys.QemuConfig))]
    [InlineData("/nodes/{node}/lxc/{vmid}/config", "PUT", nameof(PveConfigKeys.LxcConfig))]
    [InlineData("/nodes/{node}/qemu", "POST", nameof(PveConfigKeys.QemuCreate))]
    public void The_embedded_key_lists_are_the_schema_s(string path, string method, string list)
    {
        using Stream stream = typeof(KvmPve.Pve.PveSchema).Assembly.GetManifestResourceStream("pve-api-schema-9.1.json")!;
        using JsonDocument schema = JsonDocument.Parse(stream);
        JsonElement endpoint = Find(schema.RootElement, path) ?? throw new InvalidOperationException(path);
        string[] expected = endpoint.GetProperty("info").GetProperty(method).GetProperty("parameters").GetProperty("properties")
            .EnumerateObject().Select(p => p.Name).Where(n => n is not ("node" or "vmid")).Order(StringComparer.Ordinal).ToArray();
        var actual = (string[])typeof(PveConfigKeys).GetField(list, BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
        Assert.Equal(expected, actual);
    }

    [Theory]
    [InlineData("nett0", "net0")]
    [InlineData("corse", "cores")]
    [InlineData("memroy", "memory")]
    [InlineData("scsi-hw", "scsihw")]
    public void An_unknown_key_is_refused_with_its_near_matches(string key, string meant)
    {
        var ex = Assert.Throws<KvmPveException>(() => PveSession.ConfigPairs(PveGuestType.Qemu, new Hashtable { [key] = "1" }, null));
        Assert.Equal(ErrorKind.InvalidArgument, ex.Kind);
        Assert.Contains($"'{key}'", ex.Message);
        Assert.Contains($"'{meant}'", ex.Message);
    }

    [Fact]
    public void Indexed_keys_are_known_by_their_pattern_and_each_type_has_its_own()
    {
        Assert.True(PveKeyCheck.IsKnown("scsi12", PveConfigKeys.QemuConfig));
        Assert.True(PveKeyCheck.IsKnown("mp3", PveConfigKeys.LxcConfig));
        Assert.False(PveKeyCheck.IsKnown("scsi", PveConfigKeys.QemuConfig));
        Assert.False(PveKeyCheck.IsKnown("mp0", PveConfigKeys.QemuConfig));
        Assert.Throws<KvmPveException>(() => PveSession.ConfigPairs(PveGuestType.Lxc, new Hashtable { ["sockets"] = 2 }, null));
        Assert.Throws<KvmPveException>(() => PveSession.ConfigPairs(PveGuestType.Qemu, new Hashtable { ["digest"] = "x" }, null));
        Assert.Throws<KvmPveException>(() => PveSession.ConfigPairs(PveGuestType.Qemu, new Hashtable { ["cores"] = 2 }, ["cores"]));
        List<KeyValuePair<string, string>> pairs = PveSession.ConfigPairs(PveGuestType.Qemu, new Hashtable { ["onboot"] = true }, ["unused0", "ide2"]);
        Assert.Contains(new KeyValuePair<string, string>("onboot", "1"), pairs);
        Assert.Contains(new KeyValuePair<string, string>("delete", "unused0,ide2"), pairs);
    }

    [Fact]
    public void A_configuration_reads_its_common_fields_disks_and_nets()
    {
        using JsonDocument data = JsonDocument.Parse("""
            { "name": "web01", "cores": 4, "sockets": 1, "memory": "current=8192,max=16384", "tags": "prod;web", "ostype": "l26",
              "scsi0": "local-lvm:vm-100-disk-0,iothread=1,size=32G", "ide2": "none,media=cdrom", "efidisk0": "local-lvm:vm-100-disk-1,efitype=4m,size=4M",
              "unused0": "local-lvm:vm-100-disk-9",
              "net0": "virtio=BC:24:11:00:00:64,bridge=vmbr0,firewall=1,tag=20", "net1": "model=e1000,macaddr=BC:24:11:00:00:65,bridge=vmbr1",
              "digest": "0123456789abcdef0123456789abcdef01234567" }
            """);
        PveVmConfig config = PveVmConfig.FromConfig(data.RootElement, Guest(100, "pve1"));
        Assert.Equal(("web01", 4, 8192L, "l26"), (config.Name, config.Cores!.Value, config.Memory!.Value, config.OsType));
        Assert.Equal(["prod", "web"], config.Tags);
        Assert.Equal("0123456789abcdef0123456789abcdef01234567", config.Digest);
        Assert.False(config.Keys.ContainsKey("digest"));
        Assert.Equal(["efidisk0", "ide2", "scsi0", "unused0"], config.Disks.Select(d => d.Key).Order(StringComparer.Ordinal));
        PveVmDisk scsi0 = config.Disks.Single(d => d.Key == "scsi0");
        Assert.Equal(("local-lvm:vm-100-disk-0", "local-lvm", 32L << 30), (scsi0.Volume, scsi0.Storage, scsi0.SizeBytes!.Value));
        Assert.Equal("1", scsi0.Options["iothread"]);
        PveVmDisk cdrom = config.Disks.Single(d => d.Key == "ide2");
        Assert.Equal(("none", null, "cdrom"), (cdrom.Volume, cdrom.Storage, cdrom.Media));
        Assert.Equal(4L << 20, config.Disks.Single(d => d.Key == "efidisk0").SizeBytes);
        PveVmNet net0 = config.Nets.Single(n => n.Key == "net0");
        Assert.Equal(("virtio", "BC:24:11:00:00:64", "vmbr0", 20, true), (net0.Model, net0.MacAddress, net0.Bridge, net0.Tag!.Value, net0.Firewall));
        PveVmNet net1 = config.Nets.Single(n => n.Key == "net1");
        Assert.Equal(("e1000", "BC:24:11:00:00:65", "vmbr1"), (net1.Model, net1.MacAddress, net1.Bridge));
    }

    [Fact]
    public void Pending_values_and_deletes_are_read_from_the_pending_list()
    {
        using JsonDocument data = JsonDocument.Parse("""
            [ { "key": "cores", "value": 2, "pending": 4 }, { "key": "onboot", "value": 1, "delete": 1 }, { "key": "digest", "value": "abc" },
              { "key": "hostname", "value": "dns01" } ]
            """);
        PveVmConfig config = PveVmConfig.FromPending(data.RootElement, Guest(200, "pve2", PveGuestType.Lxc));
        // The typed fields are what the next start brings; Pending and PendingDelete say what differs from now.
        Assert.Equal(4, config.Cores);
        Assert.Equal("4", config.Pending["cores"]);
        Assert.Equal(["onboot"], config.PendingDelete);
        Assert.False(config.Keys.ContainsKey("onboot"));
        Assert.Equal(("abc", "dns01"), (config.Digest, config.Name));
    }

    [Fact]
    public async Task A_stale_digest_is_refused_as_ResourceBusy_and_nothing_changes()
    {
        using PveSession session = await ConnectPve();
        PveVm web02 = Guest(101, "pve1");
        PveVmConfig read = await session.GetConfigAsync(web02, false, CancellationToken.None);
        await session.SetConfigAsync(web02, new Hashtable { ["cores"] = 3 }, null, read.Digest, CancellationToken.None);
        var ex = await Assert.ThrowsAsync<KvmPveException>(() => session.SetConfigAsync(web02, new Hashtable { ["cores"] = 6 }, null, read.Digest, CancellationToken.None));
        Assert.Equal((ErrorKind.ResourceBusy, "PveConfigChanged"), (ex.Kind, ex.ErrorId));
        Assert.Equal(3, (await session.GetConfigAsync(web02, false, CancellationToken.None)).Cores);
    }

    [Fact]
    public void Ssh_keys_are_percent_encoded_once_one_per_line_and_a_broken_key_is_refused()
    {
        var change = new PveCloudInitChange { SshKeys = ["ssh-ed25519 AAAA k1@host", "  ssh-rsa BBBB+/= k2 "], IpConfig = ["ip=dhcp", "ip6=auto"] };
        List<KeyValuePair<string, string>> pairs = PveSession.CloudInitPairs(change);
        string keys = pairs.Single(p => p.Key == "sshkeys").Value;
        Assert.Equal("ssh-ed25519%20AAAA%20k1%40host%0Assh-rsa%20BBBB%2B%2F%3D%20k2", keys);
        Assert.Matches("^[-%a-zA-Z0-9_.!~*'()]*$", keys);
        Assert.Equal(["ipconfig0", "ipconfig1"], pairs.Where(p => p.Key.StartsWith("ipconfig")).Select(p => p.Key));
        Assert.Throws<KvmPveException>(() => PveSession.CloudInitPairs(new PveCloudInitChange { SshKeys = ["AAAA-only-a-blob"] }));
        Assert.Throws<KvmPveException>(() => PveSession.CloudInitPairs(new PveCloudInitChange { SshKeys = ["ssh-rsa A k\nssh-rsa B k"] }));
    }

    [Fact]
    public async Task Concurrent_callers_in_one_process_get_distinct_held_ids()
    {
        using PveSession one = await ConnectPve();
        using PveSession two = await ConnectPve();
        int[] ids = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => (i % 2 == 0 ? one : two).NextVmIdAsync(true, CancellationToken.None)));
        Assert.Equal(10, ids.Distinct().Count());
        Assert.All(ids, id => Assert.Null(Sim.Pve.Cluster.Guest(id)));
    }

    [Fact]
    public async Task A_clone_whose_id_another_process_took_meanwhile_gets_the_next_one()
    {
        // A stale nextid answers an id in use, as when another process created that guest a moment before.
        Sim.Pve.Options.StaleNextIds = 1;
        using PveSession session = await ConnectPve();
        PveTask task = await session.CloneAsync(Guest(103, "pve2"), new PveCloneOptions { NewName = "retry" }, CancellationToken.None);
        Assert.NotEqual(100, task.NewVmId);
        Assert.Equal("retry", Sim.Pve.Cluster.Guest(task.NewVmId!.Value)!.Name);
        Assert.Equal(2, Sim.Pve.Calls.Count(c => c.Verb == "POST" && c.Path.EndsWith("/clone", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_clone_is_ready_only_when_its_lock_is_gone()
    {
        Sim.Pve.Options.TaskDuration = TimeSpan.FromMilliseconds(500);
        using PveSession session = await ConnectPve();
        PveTask task = await session.CloneAsync(Guest(103, "pve2"), new PveCloneOptions { NewId = 500 }, CancellationToken.None);
        Assert.Equal("clone", Sim.Pve.Cluster.Guest(500)!.Lock);
        PveNotYet notYet = Assert.IsType<PveNotYet>(await session.GuestReadyAsync(500, null, CancellationToken.None));
        Assert.Contains("locked (clone)", notYet.Seen);
        await session.WaitTaskAsync(task.Upid, TimeSpan.FromMinutes(1), null, CancellationToken.None);
        var ready = Assert.IsType<PveVm>(await session.GuestReadyAsync(500, null, CancellationToken.None));
        Assert.Null(ready.Lock);
        var taken = await Assert.ThrowsAsync<KvmPveException>(() => session.CloneAsync(Guest(103, "pve2"), new PveCloneOptions { NewId = 500 }, CancellationToken.None));
        Assert.Equal((ErrorKind.ResourceExists, "PveVmIdTaken"), (taken.Kind, taken.ErrorId));
    }

    [Fact]
    public void Migration_preconditions_are_read_as_reasons()
    {
        using JsonDocument qemu = JsonDocument.Parse("""
            { "running": 1, "allowed_nodes": [], "local_disks": [], "local_resources": ["hostpci0"], "has-dbus-vmstate": 1, "mapped-resources": [],
              "not_allowed_nodes": { "pve2": { "unavailable_storages": ["local-zfs"] } } }
            """);
        var ex = Assert.Throws<KvmPveException>(() => PveSession.CheckMigration(Guest(100, "pve1"), "pve2", online: false, qemu.RootElement));
        Assert.Equal((ErrorKind.InvalidOperation, "PveMigrationRefused"), (ex.Kind, ex.ErrorId));
        Assert.Contains("storage 'local-zfs'", ex.Message);
        Assert.Contains("hostpci0", ex.Message);
        Assert.Contains("-Online", ex.Message);

        using JsonDocument lxc = JsonDocument.Parse("""
            { "running": 0, "allowed-nodes": ["pve3"], "not-allowed-nodes": { "pve2": { "blocking-ha-resources": [ { "sid": "ct:300", "cause": "resource-affinity" } ] } } }
            """);
        ex = Assert.Throws<KvmPveException>(() => PveSession.CheckMigration(Guest(200, "pve1", PveGuestType.Lxc), "pve2", online: false, lxc.RootElement));
        Assert.Contains("ct:300", ex.Message);
        PveSession.CheckMigration(Guest(200, "pve1", PveGuestType.Lxc), "pve3", online: false, lxc.RootElement);
    }

    [Fact]
    public async Task A_migration_is_done_when_the_guest_is_listed_on_its_target()
    {
        using PveSession session = await ConnectPve();
        PveVm web01 = (await session.GetVmsAsync(new PveVmQuery { VmId = [100] }, _ => { }, CancellationToken.None)).Single();
        PveTask task = await session.MigrateAsync(web01, "pve2", online: true, withLocalDisks: false, CancellationToken.None);
        Assert.Equal("migrate", Sim.Pve.Cluster.Guest(100)!.Lock);
        await session.WaitTaskAsync(task.Upid, TimeSpan.FromMinutes(1), null, CancellationToken.None);
        var batch = new PveTaskBatch(8, TimeSpan.FromMilliseconds(100));
        PveVm? moved = null;
        await batch.PumpUntilAsync(batch.StartAsync(web01, _ => Task.FromResult(task), CancellationToken.None, null, (t, c) => session.GuestReadyAsync(100, "pve2", c)),
            e => moved ??= e.Result as PveVm, CancellationToken.None);
        await batch.PumpUntilAsync(batch.WhenAllAsync(CancellationToken.None), e => moved ??= e.Result as PveVm, CancellationToken.None);
        Assert.Equal("pve2", moved!.Node);
    }

    [Fact]
    public async Task A_running_or_HA_managed_guest_is_not_removed_unless_asked()
    {
        using PveSession session = await ConnectPve();
        var running = await Assert.ThrowsAsync<KvmPveException>(() => session.RemoveVmAsync(Guest(200, "pve2", PveGuestType.Lxc), new PveRemoveOptions(), CancellationToken.None));
        Assert.Equal("PveVmRunning", running.ErrorId);
        var ha = await Assert.ThrowsAsync<KvmPveException>(() => session.RemoveVmAsync(Guest(102, "pve2"), new PveRemoveOptions { Force = true }, CancellationToken.None));
        Assert.Equal("PveVmHaManaged", ha.ErrorId);
        Assert.DoesNotContain(Sim.Pve.Calls, c => c.Verb is "DELETE" or "POST");

        PveTask destroy = await session.RemoveVmAsync(Guest(200, "pve2", PveGuestType.Lxc), new PveRemoveOptions { Force = true, Purge = true }, CancellationToken.None);
        await session.WaitTaskAsync(destroy.Upid, TimeSpan.FromMinutes(1), null, CancellationToken.None);
        Assert.Null(Sim.Pve.Cluster.Guest(200));
        Assert.Contains(Sim.Pve.Calls, c => c.Verb == "POST" && c.Path.EndsWith("/status/stop", StringComparison.Ordinal));
    }

    private static JsonElement? Find(JsonElement nodes, string path)
    {
        foreach (JsonElement node in nodes.EnumerateArray())
        {
            if (node.GetProperty("path").GetString() == path)
            {
                return node;
            }

            if (node.TryGetProperty("children", out JsonElement children) && Find(children, path) is JsonElement found)
            {
                return found;
            }
        }

        return null;
    }
}
