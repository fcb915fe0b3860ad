using System.Text.Json;
using KvmPve.Errors;
using KvmPve.Simulator.Pve;

namespace KvmPve.Core.Tests;

public class PveGuestTests : PveTest
{
    private readonly List<KvmPveException> _notFound = [];

    private async Task<IReadOnlyList<PveVm>> Vms(PveSession session, PveVmQuery query) =>
        await session.GetVmsAsync(query, _notFound.Add, CancellationToken.None);

    [Fact]
    public async Task Every_guest_of_the_cluster_comes_from_one_request()
    {
        using PveSession session = await ConnectPve();
        int before = Sim.Requests.Count;
        IReadOnlyList<PveVm> vms = await Vms(session, new PveVmQuery());
        Assert.Equal(before + 1, Sim.Requests.Count);
        Assert.Equal([100, 101, 102, 103, 200, 201], vms.Select(v => v.VmId));
        PveVm db = vms.Single(v => v.VmId == 102);
        Assert.Equal(("db01", "pve2", PveGuestType.Qemu, "running"), (db.Name, db.Node, db.Type, db.Status));
        Assert.Equal(["prod", "db"], db.Tags);
        Assert.Equal("databases", db.Pool);
        Assert.Equal("started", db.HaState);
        Assert.True(vms.Single(v => v.VmId == 103).Template);
        Assert.Equal("backup", vms.Single(v => v.VmId == 201).Lock);
        Assert.Equal(PveGuestType.Lxc, vms.Single(v => v.VmId == 200).Type);
        Assert.All(vms, v => Assert.Same(session, v.Session));
    }

    [Fact]
    public async Task Filters_combine_and_names_take_wildcards()
    {
        using PveSession session = await ConnectPve();
        Assert.Equal([100, 101], (await Vms(session, new PveVmQuery { Name = ["WEB*"] })).Select(v => v.VmId));
        Assert.Equal([200, 201], (await Vms(session, new PveVmQuery { Type = PveGuestType.Lxc })).Select(v => v.VmId));
        Assert.Equal([102, 103, 200], (await Vms(session, new PveVmQuery { Node = ["pve2"] })).Select(v => v.VmId));
        Assert.Equal([101, 103, 201], (await Vms(session, new PveVmQuery { Status = ["stopped"] })).Select(v => v.VmId));
        Assert.Equal([102], (await Vms(session, new PveVmQuery { Tag = ["db"], Status = ["running"] })).Select(v => v.VmId));
        Assert.Equal([100, 200], (await Vms(session, new PveVmQuery { VmId = [200], Name = ["web01"] })).Select(v => v.VmId));
        Assert.Empty(_notFound);
    }

    [Fact]
    public async Task A_name_or_id_without_wildcards_that_matches_nothing_is_not_found()
    {
        using PveSession session = await ConnectPve();
        IReadOnlyList<PveVm> vms = await Vms(session, new PveVmQuery { Name = ["web01", "nosuch", "zz*"], VmId = [999] });
        Assert.Equal([100], vms.Select(v => v.VmId));
        Assert.Equal(2, _notFound.Count);
        Assert.All(_notFound, e => Assert.Equal(ErrorKind.ObjectNotFound, e.Kind));
        Assert.Contains("'nosuch'", _notFound[0].Message);
        Assert.Contains("999", _notFound[1].Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(99)]
    [InlineData(-5)]
    public async Task An_invalid_vmid_fails_before_any_request(int vmid)
    {
        using PveSession session = await ConnectPve();
        int before = Sim.Requests.Count;
        var ex = await Assert.ThrowsAsync<KvmPveException>(() => Vms(session, new PveVmQuery { VmId = [vmid] }));
        Assert.Equal("PveInvalidVmId", ex.ErrorId);
        Assert.Equal(before, Sim.Requests.Count);
    }

    [Fact]
    public async Task The_lxc_list_gives_vmid_as_a_string_and_it_still_reads_as_an_int()
    {
        using PveSession session = await ConnectPve();
        var list = (object?[])(await session.InvokeAsync("GET", "nodes/pve2/lxc", null, CancellationToken.None))!;
        Assert.IsType<string>(((Dictionary<string, object?>)list[0]!)["vmid"]);
        JsonElement raw = JsonDocument.Parse("{\"vmid\":\"200\",\"type\":\"lxc\",\"node\":\"pve2\",\"template\":0}").RootElement;
        Assert.Equal(200, PveVm.From(raw, session).VmId);
        Assert.False(PveVm.From(raw, session).Template);
    }

    [Fact]
    public void The_ansible_fixture_of_a_real_two_node_cluster_reads_completely()
    {
        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(Paths.Fixture("pve", "cluster-resources-type-vm.ansible.json")));
        var vms = document.RootElement.GetProperty("body").GetProperty("data").EnumerateArray().Select(v => PveVm.From(v, null!)).ToList();
        Assert.NotEmpty(vms);
        Assert.All(vms, v => Assert.True(v.VmId >= 100 && v.Node.Length > 0));
        Assert.Contains(vms, v => v.Type == PveGuestType.Lxc);
        Assert.Contains(vms, v => v.Type == PveGuestType.Qemu);
    }

    [Fact]
    public async Task Nodes_are_typed_and_an_unknown_name_is_not_found()
    {
        using PveSession session = await ConnectPve();
        IReadOnlyList<PveNode> nodes = await session.GetNodesAsync(["pve*", "pve9"], _notFound.Add, CancellationToken.None);
        Assert.Equal(["pve1", "pve2"], nodes.Select(n => n.Name));
        Assert.Equal(TimeSpan.FromDays(10), nodes[0].Uptime);
        Assert.Equal(16, nodes[0].MaxCpu);
        Assert.Equal("PveNodeNotFound", Assert.Single(_notFound).ErrorId);
    }
}

public class PvePowerTests : PveTest
{
    private async Task<PveVm> Vm(PveSession session, int vmid) =>
        (await session.GetVmsAsync(new PveVmQuery { VmId = [vmid] }, e => throw e, CancellationToken.None)).Single();

    [Theory]
    [InlineData(101, PvePowerAction.Start, "/api2/json/nodes/pve1/qemu/101/status/start", "qmstart")]
    [InlineData(100, PvePowerAction.Shutdown, "/api2/json/nodes/pve1/qemu/100/status/shutdown", "qmshutdown")]
    [InlineData(100, PvePowerAction.Stop, "/api2/json/nodes/pve1/qemu/100/status/stop", "qmstop")]
    [InlineData(100, PvePowerAction.Reset, "/api2/json/nodes/pve1/qemu/100/status/reset", "qmreset")]
    [InlineData(200, PvePowerAction.Reboot, "/api2/json/nodes/pve2/lxc/200/status/reboot", "vzreboot")]
    [InlineData(200, PvePowerAction.Suspend, "/api2/json/nodes/pve2/lxc/200/status/suspend", "vzsuspend")]
    [InlineData(200, PvePowerAction.Resume, "/api2/json/nodes/pve2/lxc/200/status/resume", "vzresume")]
    public async Task Each_action_uses_its_endpoint_for_vms_and_containers(int vmid, PvePowerAction action, string path, string type)
    {
        using PveSession session = await ConnectPve();
        PveTask task = await session.ChangePowerAsync(await Vm(session, vmid), action, null, CancellationToken.None);
        Assert.Equal(path, Sim.Requests.Single(r => r.Method == "POST" && r.Path != "/api2/json/access/ticket").Path);
        Assert.Equal(type, task.Type);
        Assert.Equal(vmid.ToString(), task.Id);
        Assert.Equal("root@pam", task.User);
        Assert.True(task.IsRunning);
    }

    [Fact]
    public async Task Shutdown_timeout_and_suspend_to_disk_are_sent_as_pve_names_them()
    {
        using PveSession session = await ConnectPve();
        await session.ChangePowerAsync(await Vm(session, 100), PvePowerAction.Shutdown, new PvePowerOptions { TimeoutSec = 120 }, CancellationToken.None);
        await session.ChangePowerAsync(await Vm(session, 102), PvePowerAction.Suspend, new PvePowerOptions { ToDisk = true }, CancellationToken.None);
        var posts = Sim.Pve.Calls.Where(c => c.Verb == "POST").ToList();
        Assert.Equal("120", posts[0].Parameters["timeout"].Single());
        Assert.Equal("1", posts[1].Parameters["todisk"].Single());
    }

    [Fact]
    public async Task A_container_cannot_be_reset_or_hibernated_and_nothing_is_sent()
    {
        using PveSession session = await ConnectPve();
        PveVm dns = await Vm(session, 200);
        int before = Sim.Requests.Count;
        var reset = await Assert.ThrowsAsync<KvmPveException>(() => session.ChangePowerAsync(dns, PvePowerAction.Reset, null, CancellationToken.None));
        Assert.Equal("PveResetNotSupported", reset.ErrorId);
        Assert.Equal(ErrorKind.InvalidArgument, reset.Kind);
        var hibernate = await Assert.ThrowsAsync<KvmPveException>(() => session.ChangePowerAsync(dns, PvePowerAction.Suspend, new PvePowerOptions { ToDisk = true }, CancellationToken.None));
        Assert.Equal("PveSuspendToDiskNotSupported", hibernate.ErrorId);
        Assert.Equal(before, Sim.Requests.Count);
    }

    [Fact]
    public async Task A_token_started_task_names_its_token()
    {
        using PveSession session = await ConnectToken();
        PveTask task = await session.ChangePowerAsync(await Vm(session, 101), PvePowerAction.Start, null, CancellationToken.None);
        Assert.Equal("root@pam", task.User);
        Assert.Equal("automation", task.TokenId);
    }

    [Fact]
    public async Task An_offline_node_answers_595_as_a_connection_error()
    {
        using PveSession session = await ConnectPve();
        PveVm db = await Vm(session, 102);
        Sim.Pve.Options.OfflineNodes.Add("pve2");
        var ex = await Assert.ThrowsAsync<KvmPveException>(() => session.ChangePowerAsync(db, PvePowerAction.Shutdown, null, CancellationToken.None));
        Assert.Equal(ErrorKind.ConnectionError, ex.Kind);
        Assert.Equal("PveNodeUnreachable", ex.ErrorId);
        Assert.Contains("No route to host", ex.Message);
    }

    [Fact]
    public async Task A_user_without_the_privilege_gets_permission_denied()
    {
        using PveSession root = await ConnectPve();
        PveVm web = await Vm(root, 100);
        using PveSession auditor = await ConnectPve("auditor@pve", "auditor");
        web.Session = auditor;
        var ex = await Assert.ThrowsAsync<KvmPveException>(() => auditor.ChangePowerAsync(web, PvePowerAction.Stop, null, CancellationToken.None));
        Assert.Equal(ErrorKind.PermissionDenied, ex.Kind);
        Assert.Contains("VM.PowerMgmt", ex.Message);
    }
}

public class PveTargetTests : PveTest
{
    private readonly List<KvmPveException> _errors = [];

    [Fact]
    public async Task A_name_two_guests_share_is_ambiguous_and_neither_is_chosen()
    {
        Assert.True(Sim.Pve.Cluster.TryAdd(new SimGuest(104, "web01", "pve2", "qemu", "stopped", string.Empty)));
        using PveSession session = await ConnectPve();
        IReadOnlyList<PveVm> targets = await session.ResolveTargetsAsync(null, ["web01", "dns01"], null, null, _errors.Add, CancellationToken.None);
        Assert.Equal([200], targets.Select(t => t.VmId));
        KvmPveException ambiguous = Assert.Single(_errors);
        Assert.Equal("PveVmNameAmbiguous", ambiguous.ErrorId);
        Assert.Contains("100 on pve1", ambiguous.Message);
        Assert.Contains("104 on pve2", ambiguous.Message);
    }

    [Fact]
    public async Task A_piped_guest_with_node_and_type_needs_no_lookup()
    {
        using PveSession session = await ConnectPve();
        int before = Sim.Requests.Count;
        IReadOnlyList<PveVm> targets = await session.ResolveTargetsAsync([200], null, "pve2", PveGuestType.Lxc, _errors.Add, CancellationToken.None);
        Assert.Equal(before, Sim.Requests.Count);
        Assert.Equal((200, "pve2", PveGuestType.Lxc), (targets[0].VmId, targets[0].Node, targets[0].Type));
    }

    [Fact]
    public async Task Ids_are_found_cluster_wide_and_unknown_ones_reported()
    {
        using PveSession session = await ConnectPve();
        IReadOnlyList<PveVm> targets = await session.ResolveTargetsAsync([102, 555], null, null, null, _errors.Add, CancellationToken.None);
        Assert.Equal(("pve2", PveGuestType.Qemu), (targets.Single().Node, targets.Single().Type));
        Assert.Equal("PveVmNotFound", Assert.Single(_errors).ErrorId);
    }
}

public class PveTargetInputTests : PveTest
{
    [Fact]
    public async Task An_unknown_node_or_a_bad_vmid_sends_nothing_that_changes_state()
    {
        using PveSession session = await ConnectPve();
        var errors = new List<KvmPveException>();
        IReadOnlyList<PveVm> targets = await session.ResolveTargetsAsync([100], null, "pve9", null, errors.Add, CancellationToken.None);
        Assert.Empty(targets);
        Assert.Contains(errors, e => e.ErrorId == "PveNodeNotFound");
        Assert.Equal("PveInvalidVmId", (await Assert.ThrowsAsync<KvmPveException>(() => session.ResolveTargetsAsync([0], null, null, null, errors.Add, CancellationToken.None))).ErrorId);
        Assert.DoesNotContain(Sim.Requests, r => r.Method == "POST" && r.Path.Contains("/status/", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("../etc")]
    [InlineData("pve 1")]
    [InlineData("-pve")]
    [InlineData("pve1/qemu")]
    public async Task A_node_name_that_is_no_dns_label_is_refused_before_any_request(string node)
    {
        using PveSession session = await ConnectPve();
        int before = Sim.Requests.Count;
        var ex = await Assert.ThrowsAsync<KvmPveException>(() => session.GetVmsAsync(new PveVmQuery { Node = [node] }, _ => { }, CancellationToken.None));
        Assert.Equal((ErrorKind.InvalidArgument, "PveInvalidNodeName"), (ex.Kind, ex.ErrorId));
        Assert.Contains($"'{node}'", ex.Message);
        await Assert.ThrowsAsync<KvmPveException>(() => session.GetTasksAsync([node], null, false, null, CancellationToken.None));
        Assert.Equal(before, Sim.Requests.Count);
        Assert.NotEmpty(await session.GetVmsAsync(new PveVmQuery { Node = ["pve?"] }, _ => { }, CancellationToken.None));
    }
}
