using System.Net;
using System.Text.Json;
using KvmPve.Errors;
using KvmPve.Simulator.Pve;

namespace KvmPve.Core.Tests;

/// <summary>Issue 16: restore, drills, backup coverage, disks, templates, tags, pools and guest addresses.</summary>
public class PveProvisioningTests : PveTest
{
    protected override PveSimulatorOptions PveSimulator() => new() { TaskDuration = TimeSpan.FromMilliseconds(100), AgentDelay = TimeSpan.Zero };

    private static readonly PveVm Web01 = new() { VmId = 100, Node = "pve1", Type = PveGuestType.Qemu, Name = "web01" };

    private static readonly PveVm Web02 = new() { VmId = 101, Node = "pve1", Type = PveGuestType.Qemu, Name = "web02" };

    private const string Archive = "nfs-backup:backup/vzdump-qemu-100-2025_11_01-02_00_00.vma.zst";

    [Theory]
    [InlineData(Archive, PveGuestType.Qemu, 100, false)]
    [InlineData("local:backup/vzdump-lxc-200-2025_05_02-03_00_00.tar.zst", PveGuestType.Lxc, 200, false)]
    [InlineData("pbs:backup/vm/105/2025-01-01T00:00:00Z", PveGuestType.Qemu, 105, true)]
    [InlineData("pbs:backup/ct/205/2025-01-01T00:00:00Z", PveGuestType.Lxc, 205, true)]
    public void Archives_tell_their_guest_type_and_vmid(string volId, PveGuestType type, int vmId, bool pbs) =>
        Assert.Equal((type, vmId, pbs), PveSession.ArchiveOf(volId));

    [Theory]
    [InlineData("local:iso/debian.iso", "PveInvalidArchive")]
    [InlineData("", "PveInvalidArchive")]
    public void Other_volumes_are_not_archives(string volId, string id) =>
        Assert.Equal(id, Assert.Throws<KvmPveException>(() => PveSession.ArchiveOf(volId)).ErrorId);

    [Theory]
    [InlineData("40G", 40L << 30)]
    [InlineData("512M", 512L << 20)]
    [InlineData("1.5T", 3L << 39)]
    [InlineData("4096", 4096L)]
    public void Sizes_are_read_as_pve_writes_them(string size, long bytes) => Assert.Equal(bytes, PveSession.CheckSize(size, "-Size"));

    [Theory]
    [InlineData("10X")]
    [InlineData("-5G")]
    [InlineData("+5G")]
    [InlineData("G")]
    [InlineData("0")]
    public void Other_sizes_are_refused_naming_the_form(string size) =>
        Assert.Contains("40G", Assert.Throws<KvmPveException>(() => PveSession.CheckSize(size, "-Size")).Message);

    [Fact]
    public void Tags_follow_pve_s_format() => Assert.Equal("PveInvalidTag", Assert.Throws<KvmPveException>(() => PveSession.CheckTags(["ok-tag", "not ok"])).ErrorId);

    [Fact]
    public void A_usable_address_is_never_loopback_or_link_local_and_is_in_the_subnet()
    {
        using JsonDocument agent = JsonDocument.Parse("""
            { "result": [ { "name": "lo", "hardware-address": "00:00:00:00:00:00", "ip-addresses": [ { "ip-address": "127.0.0.1", "ip-address-type": "ipv4", "prefix": 8 } ] },
                          { "name": "eth0", "hardware-address": "bc:24:11:00:00:64", "ip-addresses": [ { "ip-address": "169.254.3.4", "ip-address-type": "ipv4", "prefix": 16 },
                            { "ip-address": "fe80::1%eth0", "ip-address-type": "ipv6", "prefix": 64 }, { "ip-address": "192.168.7.9", "ip-address-type": "ipv4", "prefix": 24 },
                            { "ip-address": "2001:db8::9", "ip-address-type": "ipv6", "prefix": 64 } ] } ] }
            """);
        List<PveGuestInterface> interfaces = PveGuestInterface.From(agent.RootElement, Web01);
        Assert.Equal(IPAddress.Parse("192.168.7.9"), new PveGuestIpFilter().Pick(interfaces, out PveGuestInterface? on)!.Address);
        Assert.Equal(("eth0", "BC:24:11:00:00:64"), (on!.Name, on.MacAddress));
        Assert.Equal(IPAddress.Parse("2001:db8::9"), new PveGuestIpFilter { AddressFamily = "IPv6" }.Pick(interfaces, out _)!.Address);
        Assert.Null(new PveGuestIpFilter { Subnet = PveSubnet.Parse("10.0.0.0/8") }.Pick(interfaces, out _));
        Assert.NotNull(new PveGuestIpFilter { Subnet = PveSubnet.Parse("192.168.0.0/16") }.Pick(interfaces, out _));

        // A container's interfaces as PVE gives them: hwaddr, inet and inet6 beside ip-addresses.
        using JsonDocument lxc = JsonDocument.Parse("""[ { "name": "eth0", "hwaddr": "bc:24:11:01:00:c8", "inet": "10.0.2.202/24", "inet6": "fe80::1/64", "ip-addresses": [] } ]""");
        Assert.Equal(IPAddress.Parse("10.0.2.202"), new PveGuestIpFilter().Pick(PveGuestInterface.From(lxc.RootElement, Web01), out _)!.Address);
        Assert.Equal("PveInvalidSubnet", Assert.Throws<KvmPveException>(() => PveSubnet.Parse("10.0.0.0/33")).ErrorId);
    }

    [Fact]
    public async Task Guests_wait_for_their_addresses_side_by_side_each_with_its_timeout()
    {
        using PveSession session = await ConnectPve();
        var guests = new List<PveVm>();
        foreach (int id in new[] { 100, 200 })
        {
            guests.Add((await session.GetVmsAsync(new PveVmQuery { VmId = [id] }, _ => { }, CancellationToken.None)).Single());
        }

        Sim.Pve.Options.GuestIpDelays[101] = TimeSpan.FromSeconds(2);
        PveTask start = await session.ChangePowerAsync(Web02, PvePowerAction.Start, null, CancellationToken.None);
        await session.WaitTaskAsync(start.Upid, TimeSpan.FromMinutes(1), null, CancellationToken.None);
        guests.Add(Web02);
        var found = new List<PveGuestIp>();
        var failed = new List<KvmPveException>();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        await session.WaitGuestIpsAsync(guests, new PveGuestIpFilter(), TimeSpan.FromSeconds(10), found.Add, (_, e) => failed.Add(e), CancellationToken.None);
        Assert.Empty(failed);
        Assert.Equal([100, 200, 101], found.Select(f => f.VmId));
        Assert.InRange(watch.Elapsed.TotalSeconds, 1.5, 5);
        Assert.Equal(IPAddress.Parse("10.0.1.103"), found[2].IPAddress);

        await session.WaitGuestIpsAsync([Web01], new PveGuestIpFilter { Subnet = PveSubnet.Parse("192.168.0.0/16") }, TimeSpan.FromSeconds(1), found.Add, (_, e) => failed.Add(e), CancellationToken.None);
        KvmPveException late = Assert.Single(failed);
        Assert.Equal((ErrorKind.OperationTimeout, "PveGuestIpTimeout"), (late.Kind, late.ErrorId));
        Assert.Contains("10.0.1.102", late.Message);
    }

    [Fact]
    public async Task A_backup_restores_to_a_new_vmid_and_over_a_stopped_guest_only_with_force()
    {
        using PveSession session = await ConnectPve();
        PveTask task = await session.RestoreAsync(Archive, new PveRestoreOptions { Unique = true }, CancellationToken.None);
        Assert.Equal(("qmrestore", 104), (task.Type, task.NewVmId!.Value));
        await session.WaitTaskAsync(task.Upid, TimeSpan.FromMinutes(1), null, CancellationToken.None);
        Assert.NotEqual(Sim.Pve.Cluster.Guest(100)!.Config.Values["net0"], Sim.Pve.Cluster.Guest(104)!.Config.Values["net0"]);
        Assert.Equal("PveVmIdTaken", (await Assert.ThrowsAsync<KvmPveException>(() => session.RestoreAsync(Archive, new PveRestoreOptions { VmId = 101 }, CancellationToken.None))).ErrorId);
        Assert.Equal("PveVmRunning", (await Assert.ThrowsAsync<KvmPveException>(() => session.RestoreAsync(Archive, new PveRestoreOptions { VmId = 100, Force = true }, CancellationToken.None))).ErrorId);
        Assert.Equal("PveArchiveNotFound", (await Assert.ThrowsAsync<KvmPveException>(() => session.RestoreAsync("nfs-backup:backup/vzdump-qemu-999-2025_01_01-00_00_00.vma", new PveRestoreOptions(), CancellationToken.None))).ErrorId);
        task = await session.RestoreAsync(Archive, new PveRestoreOptions { VmId = 101, Force = true }, CancellationToken.None);
        await session.WaitTaskAsync(task.Upid, TimeSpan.FromMinutes(1), null, CancellationToken.None);
        Assert.Equal("web01", Sim.Pve.Cluster.Guest(101)!.Name);
    }

    [Fact]
    public async Task A_drill_restores_with_links_down_boots_asks_the_agent_and_removes_leaving_the_original_alone()
    {
        using PveSession session = await ConnectPve();
        string before = Sim.Pve.Cluster.Guest(100)!.Digest();
        PveRestoreDrill drill = await session.RestoreDrillAsync(Web01, new PveDrillOptions { Boot = true, AgentTimeout = TimeSpan.FromSeconds(10) }, CancellationToken.None);
        Assert.True(drill.Succeeded, drill.Error);
        Assert.Equal((Archive, true, true, true), (drill.Archive, drill.Booted, drill.AgentAnswered, drill.Removed));
        Assert.Null(Sim.Pve.Cluster.Guest(drill.RestoredVmId!.Value));
        Assert.Equal(before, Sim.Pve.Cluster.Guest(100)!.Digest());
        Assert.Contains(Sim.Pve.Calls, c => c.Verb == "PUT" && c.Path.EndsWith($"/qemu/{drill.RestoredVmId}/config", StringComparison.Ordinal) && c.Parameters["net0"][0].Contains("link_down=1", StringComparison.Ordinal));
        PveRestoreDrill none = await session.RestoreDrillAsync(Web02, new PveDrillOptions(), CancellationToken.None).ContinueWith(t => t.IsFaulted ? new PveRestoreDrill { Error = t.Exception!.InnerException!.Message } : t.Result);
        Assert.Contains("no backup archive", none.Error);
    }

    [Fact]
    public async Task Backup_status_names_the_newest_archive_the_jobs_and_what_is_stale()
    {
        using PveSession session = await ConnectPve();
        IReadOnlyList<PveVm> guests = await session.GetVmsAsync(new PveVmQuery(), _ => { }, CancellationToken.None);
        IReadOnlyList<PveBackupStatus> status = await session.GetBackupStatusAsync(guests, TimeSpan.FromDays(1), CancellationToken.None);
        Assert.DoesNotContain(status, s => s.VmId == 103);
        PveBackupStatus web01 = status.Single(s => s.VmId == 100);
        Assert.Equal((Archive, true, true), (web01.NewestArchive, web01.CoveredByJob, web01.Stale));
        Assert.Equal((null, false, true), (status.Single(s => s.VmId == 200).NewestArchive, status.Single(s => s.VmId == 200).CoveredByJob, status.Single(s => s.VmId == 200).Stale));
    }

    [Fact]
    public async Task Disks_grow_move_come_and_go_as_pve_allows()
    {
        using PveSession session = await ConnectPve();
        Assert.Equal("PveDiskShrink", (await Assert.ThrowsAsync<KvmPveException>(() => session.ResizeDiskAsync(Web01, "scsi0", "16G", false, CancellationToken.None))).ErrorId);
        KvmPveException unknown = await Assert.ThrowsAsync<KvmPveException>(() => session.ResizeDiskAsync(Web01, "scsi7", "64G", false, CancellationToken.None));
        Assert.Equal((ErrorKind.ObjectNotFound, true), (unknown.Kind, unknown.Message.Contains("Its disks: ide2, scsi0", StringComparison.Ordinal)));
        await session.WaitTaskAsync((await session.ResizeDiskAsync(Web01, "scsi0", "8G", true, CancellationToken.None)).Upid, TimeSpan.FromMinutes(1), null, CancellationToken.None);
        Assert.Equal(40L << 30, (await session.GetConfigAsync(Web01, false, CancellationToken.None)).Disks.Single(d => d.Key == "scsi0").SizeBytes);

        PveTask added = await session.AddDiskAsync(Web02, "scsi1", "local-lvm", "3.5G", null, new Dictionary<string, string> { ["discard"] = "on" }, CancellationToken.None);
        await session.WaitTaskAsync(added.Upid, TimeSpan.FromMinutes(1), null, CancellationToken.None);
        PveVmDisk scsi1 = (await session.GetConfigAsync(Web02, false, CancellationToken.None)).Disks.Single(d => d.Key == "scsi1");
        Assert.Equal(("local-lvm", 4L << 30, "on"), (scsi1.Storage, scsi1.SizeBytes, scsi1.Options["discard"]));
        Assert.Equal("PveDiskExists", (await Assert.ThrowsAsync<KvmPveException>(() => session.AddDiskAsync(Web02, "scsi1", "local-lvm", "1G", null, null, CancellationToken.None))).ErrorId);

        await session.WaitTaskAsync((await session.MoveDiskAsync(Web02, "scsi1", new PveDiskMove { Storage = "local", DeleteSource = true }, CancellationToken.None)).Upid, TimeSpan.FromMinutes(1), null, CancellationToken.None);
        PveVmConfig moved = await session.GetConfigAsync(Web02, false, CancellationToken.None);
        Assert.Equal("local", moved.Disks.Single(d => d.Key == "scsi1").Storage);
        Assert.DoesNotContain(moved.Disks, d => d.Key.StartsWith("unused", StringComparison.Ordinal));

        await session.RemoveDiskAsync(Web02, "scsi1", destroy: false, CancellationToken.None);
        PveVmDisk unused = (await session.GetConfigAsync(Web02, false, CancellationToken.None)).Disks.Single(d => d.Key == "unused0");
        Assert.True(Sim.Pve.Cluster.Storage("pve1", "local")!.Volumes.ContainsKey(unused.Volume));
        await session.RemoveDiskAsync(Web02, "unused0", destroy: true, CancellationToken.None);
        Assert.False(Sim.Pve.Cluster.Storage("pve1", "local")!.Volumes.ContainsKey(unused.Volume));
    }

    [Fact]
    public async Task Templates_tags_and_pools()
    {
        using PveSession session = await ConnectPve();
        Assert.Equal("PveVmRunning", (await Assert.ThrowsAsync<KvmPveException>(() => session.ConvertToTemplateAsync(Web01, CancellationToken.None))).ErrorId);
        await session.WaitTaskAsync((await session.ConvertToTemplateAsync(Web02, CancellationToken.None)).Upid, TimeSpan.FromMinutes(1), null, CancellationToken.None);
        Assert.True(Sim.Pve.Cluster.Guest(101)!.Template);

        // Removals take wildcards; a tag the guest has already (in any case) writes nothing.
        await session.ChangeTagsAsync(Web01, ["blue"], ["we*"], CancellationToken.None);
        Assert.Equal("prod;blue", Sim.Pve.Cluster.Guest(100)!.Tags);
        Assert.Contains(Sim.Pve.Calls, c => c.Verb == "PUT" && c.Parameters.ContainsKey("digest") && c.Parameters["tags"][0] == "prod;blue");
        int writes = Sim.Pve.Calls.Count(c => c.Verb == "PUT");
        await session.ChangeTagsAsync(Web01, ["BLUE"], [], CancellationToken.None);
        Assert.Equal(writes, Sim.Pve.Calls.Count(c => c.Verb == "PUT"));

        await session.NewPoolAsync("ci", "CI", CancellationToken.None);
        await session.ChangePoolMembersAsync("ci", [100, 200], ["local"], remove: false, allowMove: false, CancellationToken.None);
        var moveRefused = await Assert.ThrowsAsync<KvmPveException>(() => session.ChangePoolMembersAsync("ci", [102], [], remove: false, allowMove: false, CancellationToken.None));
        Assert.Contains("allow-move", moveRefused.Message);
        PvePool ci = (await session.GetPoolsAsync(["ci"], _ => { }, CancellationToken.None)).Single();
        Assert.Equal([100, 200], ci.Members.Where(m => m.VmId != null).Select(m => m.VmId!.Value).Order());
        Assert.Contains("is not empty", (await Assert.ThrowsAsync<KvmPveException>(() => session.RemovePoolAsync("ci", CancellationToken.None))).Message);
        await session.ChangePoolMembersAsync("ci", [100, 200], ["local"], remove: true, allowMove: false, CancellationToken.None);
        await session.RemovePoolAsync("ci", CancellationToken.None);
        Assert.Equal(["databases"], (await session.GetPoolsAsync(null, _ => { }, CancellationToken.None)).Select(p => p.Name));
    }
}
