using System.Globalization;
using System.Text.Json.Nodes;

namespace KvmPve.Simulator.Pve;

/// <summary>
/// Guest snapshots as PVE keeps them: a tree through each snapshot's parent, a <c>current</c> pseudo-entry whose
/// parent is where the guest stands, and create/delete/rollback as tasks whose change lands when they end. PVE
/// refuses the reserved names before starting a task and finds a taken or unknown name inside it.
/// </summary>
public sealed partial class PveApi
{
    private void MapSnapshots()
    {
        foreach (string kind in new[] { "qemu", "lxc" })
        {
            string path = $"/nodes/{{node}}/{kind}/{{vmid}}/snapshot";
            Handle("GET", path, r => WithGuest(r, kind, g => ListSnapshots(r, g)));
            Handle("POST", path, r => WithGuest(r, kind, g => CreateSnapshot(r, g)));
            Handle("DELETE", path + "/{snapname}", r => WithGuest(r, kind, g => DeleteSnapshot(r, g)));
            Handle("POST", path + "/{snapname}/rollback", r => WithGuest(r, kind, g => Rollback(r, g)));
        }
    }

    private static Task ListSnapshots(PveRequest request, SimGuest guest)
    {
        var data = new JsonArray();
        lock (guest.Snapshots)
        {
            foreach (SimSnapshot s in guest.Snapshots)
            {
                var entry = new JsonObject { ["name"] = s.Name, ["description"] = s.Description, ["snaptime"] = s.SnapTime };
                if (s.Parent != null)
                {
                    entry["parent"] = s.Parent;
                }

                if (guest.Type == "qemu")
                {
                    entry["vmstate"] = s.VmState ? 1 : 0;
                }

                data.Add(entry);
            }

            var current = new JsonObject { ["name"] = "current", ["description"] = "You are here!", ["running"] = guest.Status == "running" ? 1 : 0 };
            if (guest.CurrentParent != null)
            {
                current["parent"] = guest.CurrentParent;
            }

            data.Add(current);
        }

        return PveResponse.Data(request.Context, data);
    }

    private Task CreateSnapshot(PveRequest request, SimGuest guest)
    {
        string name = request.Get("snapname")!;
        if (name == "current" || name.Equals("pending", StringComparison.OrdinalIgnoreCase))
        {
            return PveResponse.Error(request.Context, 500, $"unable to use snapshot name '{name}' (reserved name)");
        }

        bool vmstate = request.Get("vmstate") == "1";
        string description = request.Get("description") ?? string.Empty;
        long time = Options.Clock.UtcNow.ToUnixTimeSeconds();
        return StartSnapshotTask(request, guest, "snapshot", () =>
        {
            if (guest.Snapshots.Any(s => s.Name == name))
            {
                return $"snapshot name '{name}' already used";
            }

            guest.Snapshots.Add(new SimSnapshot(name, guest.CurrentParent, description, time, vmstate));
            guest.CurrentParent = name;
            return null;
        });
    }

    private Task DeleteSnapshot(PveRequest request, SimGuest guest)
    {
        string name = request.Get("snapname")!;
        return StartSnapshotTask(request, guest, "delsnapshot", () =>
        {
            SimSnapshot? gone = guest.Snapshots.FirstOrDefault(s => s.Name == name);
            if (gone == null)
            {
                return $"snapshot '{name}' does not exist";
            }

            // Its children move up to its parent, and so does the guest's current state.
            guest.Snapshots.Remove(gone);
            foreach (SimSnapshot child in guest.Snapshots.Where(s => s.Parent == name))
            {
                child.Parent = gone.Parent;
            }

            if (guest.CurrentParent == name)
            {
                guest.CurrentParent = gone.Parent;
            }

            return null;
        });
    }

    private Task Rollback(PveRequest request, SimGuest guest)
    {
        string name = request.Get("snapname")!;
        bool start = request.Get("start") == "1";
        return StartSnapshotTask(request, guest, "rollback", () =>
        {
            if (guest.Snapshots.All(s => s.Name != name))
            {
                return $"snapshot '{name}' does not exist";
            }

            guest.CurrentParent = name;
            guest.Status = start ? "running" : "stopped";
            return null;
        });
    }

    /// <summary>A task whose work is <paramref name="change"/>: null when it worked, else the error the task ends with.</summary>
    private Task StartSnapshotTask(PveRequest request, SimGuest guest, string action, Func<string?> change) =>
        StartGuestTask(request, guest, action, "VM.Snapshot", () =>
        {
            lock (guest.Snapshots)
            {
                if (change() is string error)
                {
                    throw new SimTaskFailed(error);
                }
            }
        });
}

/// <summary>Thrown by a task's change to make the task end with that error.</summary>
internal sealed class SimTaskFailed(string message) : Exception(message);
