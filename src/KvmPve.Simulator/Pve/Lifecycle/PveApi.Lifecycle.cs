using System.Globalization;
using System.Text.Json.Nodes;

namespace KvmPve.Simulator.Pve;

/// <summary>
/// Guests made, moved and destroyed as PVE does it: a clone or a new VM exists (locked) from the moment its task
/// starts, and a taken VMID is refused then; a migration locks the guest, and at its end the guest is gone from both
/// nodes for a moment before it shows on the target; an HA-managed guest migrates through the HA manager, which
/// answers at once and moves it later; a destroy refuses a running or (unpurged) HA-managed guest.
/// </summary>
public sealed partial class PveApi
{
    private void MapLifecycle()
    {
        foreach (string kind in new[] { "qemu", "lxc" })
        {
            string path = $"/nodes/{{node}}/{kind}/{{vmid}}";
            Handle("POST", path + "/clone", r => WithGuest(r, kind, g => Clone(r, g)));
            Handle("GET", path + "/migrate", r => WithGuest(r, kind, g => MigrateCheck(r, g)));
            Handle("POST", path + "/migrate", r => WithGuest(r, kind, g => Migrate(r, g)));
            Handle("DELETE", path, r => WithGuest(r, kind, g => Destroy(r, g)));
        }

        Handle("POST", "/nodes/{node}/qemu", Create);
        Handle("POST", "/cluster/ha/resources/{sid}/migrate", HaMigrate);
    }

    private Task Clone(PveRequest request, SimGuest source)
    {
        if (source.Lock != null)
        {
            return PveResponse.Error(request.Context, 500, $"VM is locked ({source.Lock})");
        }

        int newId = int.Parse(request.Get("newid")!, CultureInfo.InvariantCulture);
        string node = request.Get("target") ?? source.Node;
        if (!PveCluster.Nodes.Contains(node))
        {
            return PveResponse.Error(request.Context, 500, $"no such cluster node '{node}'");
        }

        string name = request.Get(source.Type == "lxc" ? "hostname" : "name") ?? $"Copy-of-VM-{source.Name}";
        var clone = new SimGuest(newId, name, node, source.Type, "stopped", source.Tags) { Lock = "clone", Config = source.Config.CloneFor(source.VmId, newId), Pool = request.Get("pool") };
        return AddGuestTask(request, source, clone, "clone", "VM.Clone");
    }

    private Task Create(PveRequest request)
    {
        if (request.Get("archive") is string archive)
        {
            return Restore(request, "qemu", archive);
        }

        int vmid = int.Parse(request.Get("vmid")!, CultureInfo.InvariantCulture);
        var guest = new SimGuest(vmid, request.Get("name") ?? $"VM{vmid}", request.Get("node")!, "qemu", "stopped", request.Get("tags") ?? string.Empty)
        {
            Lock = "create", Pool = request.Get("pool"), Config = new SimConfig(),
        };
        try
        {
            foreach ((string key, List<string> values) in request.Parameters.Where(p => p.Key is not ("node" or "vmid" or "name" or "tags" or "pool" or "start")))
            {
                // storage:N and storage:0,import-from=... make new volumes, as PVE's create worker does.
                guest.Config.Set(key, Allocate(guest, key, values[0]) ?? values[0]);
            }
        }
        catch (SimTaskFailed ex)
        {
            return PveResponse.Error(request.Context, 500, $"unable to create VM {vmid} - {ex.Message}");
        }

        return AddGuestTask(request, guest, guest, "create", "VM.Allocate");
    }

    /// <summary>Adds <paramref name="made"/> locked, at once, and a task on <paramref name="owner"/> that unlocks it at its end.</summary>
    private Task AddGuestTask(PveRequest request, SimGuest owner, SimGuest made, string action, string privilege)
    {
        if (request.User != null && Options.WithoutPrivileges.Contains(request.User))
        {
            return PveResponse.Error(request.Context, 403, $"Permission check failed (/vms/{made.VmId}, {privilege})");
        }

        if (!Cluster.TryAdd(made))
        {
            SimGuest taken = Cluster.Guest(made.VmId)!;
            return PveResponse.Error(request.Context, 500, $"unable to create VM {made.VmId}: config file already exists ({(taken.Type == "lxc" ? "CT" : "VM")} {made.VmId} already exists on node '{taken.Node}')");
        }

        return StartGuestTask(request, owner, action, privilege, () => made.Lock = null);
    }

    private Task MigrateCheck(PveRequest request, SimGuest guest)
    {
        string allowedKey = guest.Type == "lxc" ? "allowed-nodes" : "allowed_nodes";
        string notAllowedKey = guest.Type == "lxc" ? "not-allowed-nodes" : "not_allowed_nodes";
        string[] others = PveCluster.Nodes.Where(n => n != guest.Node).ToArray();
        var data = new JsonObject
        {
            ["running"] = guest.Status == "running" ? 1 : 0,
            [allowedKey] = new JsonArray(others.Where(n => !Options.OfflineNodes.Contains(n)).Select(n => (JsonNode)n).ToArray()),
            [notAllowedKey] = new JsonObject(),
        };
        if (guest.Type == "qemu")
        {
            data["local_resources"] = new JsonArray(guest.LocalResources.Select(r => (JsonNode)r).ToArray());
            data["local_disks"] = new JsonArray();
            data["mapped-resources"] = new JsonArray();
            data["has-dbus-vmstate"] = 1;
            foreach (string node in Options.OfflineNodes.Where(others.Contains))
            {
                data[notAllowedKey]![node] = new JsonObject { ["unavailable_storages"] = new JsonArray("local-lvm") };
            }
        }

        return PveResponse.Data(request.Context, data);
    }

    private Task Migrate(PveRequest request, SimGuest guest)
    {
        string target = request.Get("target")!;
        if (guest.Lock != null)
        {
            return PveResponse.Error(request.Context, 500, $"VM is locked ({guest.Lock})");
        }

        if (guest.Type == "qemu" && guest.Status == "running" && request.Get("online") != "1")
        {
            return PveResponse.Error(request.Context, 500, "can't migrate running VM without --online");
        }

        if (guest.LocalResources.Length > 0)
        {
            return PveResponse.Error(request.Context, 500, $"can't migrate VM which uses local devices: {string.Join(", ", guest.LocalResources)}");
        }

        guest.Lock = "migrate";
        // PVE's task types: qmigrate for a VM, vzmigrate for a container.
        return StartGuestTask(request, guest, "migrate", "VM.Migrate", () => MoveGuest(guest, target), guest.Type == "lxc" ? "vzmigrate" : "qmigrate");
    }

    private Task HaMigrate(PveRequest request)
    {
        string sid = request.Get("sid")!;
        string target = request.Get("node")!;
        SimGuest? guest = int.TryParse(sid.Split(':').Last(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int vmid) ? Cluster.Guest(vmid) : null;
        if (guest == null || guest.HaState == null)
        {
            return PveResponse.Error(request.Context, 500, $"service '{sid}' not defined");
        }

        // The HA manager takes it from here: the guest moves a moment later, through its own migration.
        _ = Task.Delay(Options.HaDelay).ContinueWith(_ => MoveGuest(guest, target), TaskScheduler.Default);
        return PveResponse.Data(request.Context, new JsonObject { ["sid"] = sid, ["requested-node"] = target });
    }

    /// <summary>The end of a migration: off the old node, a moment on neither, then on the target, unlocked.</summary>
    private void MoveGuest(SimGuest guest, string target)
    {
        guest.Hidden = true;
        guest.Node = target;
        guest.Lock = null;
        _ = Task.Delay(Options.HaDelay / 4).ContinueWith(_ => guest.Hidden = false, TaskScheduler.Default);
    }

    private Task Destroy(PveRequest request, SimGuest guest)
    {
        if (guest.Status != "stopped")
        {
            return PveResponse.Error(request.Context, 500, $"VM {guest.VmId} is running - destroy failed");
        }

        if (guest.HaState != null && request.Get("purge") != "1")
        {
            return PveResponse.Error(request.Context, 500, $"unable to remove VM {guest.VmId} - used in HA resources and purge parameter not set.");
        }

        if (guest.Lock != null)
        {
            return PveResponse.Error(request.Context, 500, $"VM is locked ({guest.Lock})");
        }

        guest.Lock = "destroyed";
        return StartGuestTask(request, guest, "destroy", "VM.Allocate", () => Cluster.Remove(guest));
    }
}
