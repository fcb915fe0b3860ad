using System.Text.Json;
using KvmPve.Errors;
using KvmPve.Simulator.Pve;

namespace KvmPve.Core.Tests;

public class PveSnapshotTests : PveTest
{
    protected override PveSimulatorOptions PveSimulator() => new() { TaskDuration = TimeSpan.FromMilliseconds(100) };

    private static readonly PveVm Web01 = new() { VmId = 100, Node = "pve1", Type = PveGuestType.Qemu, Name = "web01" };

    [Fact]
    public void The_tree_is_ordered_parents_first_and_current_is_no_snapshot()
    {
        // PVE's own order is arbitrary; vmstate comes as 0/1; "current" names where the guest stands.
        using JsonDocument answer = JsonDocument.Parse("""
            [ { "name": "b", "parent": "a", "snaptime": 200, "description": "", "vmstate": 1 },
              { "name": "current", "parent": "b", "description": "You are here!", "running": 1 },
              { "name": "a", "snaptime": 100, "description": "first\n", "vmstate": 0 },
              { "name": "c", "parent": "a", "snaptime": 150, "description": "" },
              { "name": "d", "parent": "gone", "snaptime": 300, "description": "" } ]
            """);
        List<PveSnapshot> tree = PveSnapshot.ListFrom(answer.RootElement, Web01);
        Assert.Equal(["a", "c", "b", "d"], tree.Select(s => s.Name));
        Assert.Equal([0, 1, 1, 0], tree.Select(s => s.Depth));
        Assert.Equal("b", Assert.Single(tree, s => s.IsCurrentParent).Name);
        Assert.True(tree.Single(s => s.Name == "b").IncludesMemory);
        Assert.Equal("first", tree[0].Description);
        Assert.Null(tree.Single(s => s.Name == "c").Description);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(100).LocalDateTime, tree[0].SnapTime);
    }

    [Theory]
    [InlineData("bad name")]
    [InlineData("1abc")]
    [InlineData("a")]
    [InlineData("current")]
    [InlineData("Pending")]
    [InlineData("a234567890123456789012345678901234567890x")]
    public async Task A_name_pve_would_refuse_is_refused_before_any_request(string name)
    {
        using PveSession session = await ConnectPve();
        int before = Sim.Requests.Count;
        var ex = await Assert.ThrowsAsync<KvmPveException>(() => session.CreateSnapshotAsync(Web01, name, null, false, CancellationToken.None));
        Assert.Equal((ErrorKind.InvalidArgument, "PveInvalidSnapshotName"), (ex.Kind, ex.ErrorId));
        Assert.Equal(before, Sim.Requests.Count);
    }

    [Fact]
    public async Task Create_remove_and_rollback_are_schema_valid_tasks_that_change_the_tree()
    {
        using PveSession session = await ConnectPve();
        PveVm web01 = (await session.GetVmsAsync(new PveVmQuery { VmId = [100] }, _ => { }, CancellationToken.None)).Single();
        PveTask created = await session.CreateSnapshotAsync(web01, "new-one", "a test", true, CancellationToken.None);
        Assert.Equal("qmsnapshot", (await session.WaitTaskAsync(created.Upid, TimeSpan.FromMinutes(1), null, CancellationToken.None)).Type);
        Assert.Contains(Sim.Requests, r => r.Method == "POST" && r.Path == "/api2/json/nodes/pve1/qemu/100/snapshot");
        PveSnapshot made = (await session.GetSnapshotsAsync(web01, ["new-one"], null, CancellationToken.None)).Single();
        Assert.Equal(("before-upgrade", true, true), (made.Parent, made.IsCurrentParent, made.IncludesMemory));

        var exists = await Assert.ThrowsAsync<KvmPveException>(() => session.CreateSnapshotAsync(web01, "new-one", null, false, CancellationToken.None));
        Assert.Equal((ErrorKind.ResourceExists, "PveSnapshotExists"), (exists.Kind, exists.ErrorId));

        await session.WaitTaskAsync((await session.RollbackSnapshotAsync(new PveSnapshot { VmId = 100, Node = "pve1", Type = PveGuestType.Qemu, Name = "base" }, false, CancellationToken.None)).Upid, TimeSpan.FromMinutes(1), null, CancellationToken.None);
        Assert.True((await session.GetSnapshotsAsync(web01, ["base"], null, CancellationToken.None)).Single().IsCurrentParent);
        await session.WaitTaskAsync((await session.RemoveSnapshotAsync(made, CancellationToken.None)).Upid, TimeSpan.FromMinutes(1), null, CancellationToken.None);
        Assert.DoesNotContain(await session.GetSnapshotsAsync(web01, null, null, CancellationToken.None), s => s.Name == "new-one");
        // DELETE carries an empty body, so HttpClient never resends it on its own.
        Assert.Contains(Sim.Requests, r => r.Method == "DELETE" && r.Path == "/api2/json/nodes/pve1/qemu/100/snapshot/new-one" && r.ContentLength == 0);
    }

    [Fact]
    public async Task A_container_has_no_memory_snapshots()
    {
        using PveSession session = await ConnectPve();
        var ex = await Assert.ThrowsAsync<KvmPveException>(() => session.CreateSnapshotAsync(new PveVm { VmId = 200, Node = "pve2", Type = PveGuestType.Lxc }, "withmem", null, true, CancellationToken.None));
        Assert.Equal("PveMemorySnapshotNotSupported", ex.ErrorId);
    }
}

public class PveClusterStatusTests : PveTest
{
    [Fact]
    public async Task The_real_answer_and_the_simulators_read_alike()
    {
        using JsonDocument fixture = JsonDocument.Parse(File.ReadAllText(Paths.Fixture("pve", "cluster-status.json")));
        List<PveClusterStatus> real = PveClusterStatus.ListFrom(fixture.RootElement.GetProperty("body").GetProperty("data"), null!);
        Assert.Equal(("cluster", true, 4), (real[0].Type, real[0].Quorate, real[0].Nodes));
        Assert.Equal(["node1", "node2", "node3"], real.Skip(1).Take(3).Select(s => s.Name));
        Assert.True(real[1].Local);
        Assert.Equal((true, 1), (real[1].Online, real[1].NodeId));
        Assert.Null(real[1].Quorate);
        using PveSession session = await ConnectPve();
        IReadOnlyList<PveClusterStatus> ours = await session.GetClusterStatusAsync(CancellationToken.None);
        Assert.Equal(["cluster", "node", "node"], ours.Select(s => s.Type));
        Assert.Equal((true, true), (ours[0].Quorate, ours[1].Online));
    }
}
