using System.Globalization;
using System.Text.Json.Nodes;

namespace KvmPve.Simulator.Pve;

public sealed partial class PveApi
{
    private static readonly string[] Actions = ["start", "stop", "shutdown", "reboot", "reset", "suspend", "resume"];

    private void MapGuests()
    {
        Handle("GET", "/cluster/resources", Resources);
        Handle("GET", "/cluster/nextid", NextId);
        Handle("GET", "/nodes/{node}/qemu", r => GuestList(r, "qemu"));
        Handle("GET", "/nodes/{node}/lxc", r => GuestList(r, "lxc"));
        foreach (string kind in new[] { "qemu", "lxc" })
        {
            foreach (string action in Actions.Where(a => kind == "qemu" || a != "reset"))
            {
                Handle("POST", $"/nodes/{{node}}/{kind}/{{vmid}}/status/{action}", r => Power(r, kind, action));
            }
        }

        Handle("GET", "/nodes/{node}/tasks", Tasks);
        Handle("GET", "/nodes/{node}/tasks/{upid}/status", r => TaskAnswer(r, t => PveResponse.Data(r.Context, t.ToStatus())));
        Handle("GET", "/nodes/{node}/tasks/{upid}/log", r => TaskAnswer(r, t => TaskLog(r, t)));
    }

    private Task Resources(PveRequest request)
    {
        string? type = request.Get("type");
        bool visible = request.User == null || !Options.WithoutPrivileges.Contains(request.User);
        string? principal = request.User == null ? null : Principal(request);
        Cluster.SettleAll();
        // PVE lists only what the user may see (VM.Audit on the guest); other types (node, storage) are not simulated.
        var data = new JsonArray(Cluster.Guests.Where(g => visible && !g.Hidden && (type == null || type == "vm")
            && (principal == null || IsRoot(principal) || PrivilegesAt(principal, $"/vms/{g.VmId}").Contains("VM.Audit"))).Select(g =>
        {
            JsonObject entry = g.ToResource();
            if (Options.OfflineNodes.Contains(g.Node))
            {
                entry["status"] = "unknown";
            }

            return (JsonNode)entry;
        }).ToArray());
        return PveResponse.Data(request.Context, data);
    }

    // The quirk: the schema says integer, PVE answers a string; a taken id is a 400 with per-parameter errors.
    private Task NextId(PveRequest request)
    {
        if (request.Get("vmid") is string wanted)
        {
            return Cluster.Guest(int.Parse(wanted, CultureInfo.InvariantCulture)) == null
                ? PveResponse.Data(request.Context, wanted)
                : PveResponse.Error(request.Context, 400, "Parameter verification failed.", new JsonObject { ["vmid"] = $"VM {wanted} already exists\n" });
        }

        IReadOnlyList<SimGuest> guests = Cluster.Guests;
        int next = Options.StaleNextIds > 0 && guests.Count > 0
            ? StaleId(guests)
            : Enumerable.Range(100, int.MaxValue - 100).First(id => guests.All(g => g.VmId != id));
        return PveResponse.Data(request.Context, next.ToString(CultureInfo.InvariantCulture));
    }

    private int StaleId(IReadOnlyList<SimGuest> guests)
    {
        Options.StaleNextIds--;
        return guests.Min(g => g.VmId);
    }

    private Task GuestList(PveRequest request, string kind)
    {
        string node = request.Get("node")!;
        var data = new JsonArray(Cluster.Guests.Where(g => g.Node == node && g.Type == kind).Select(g =>
        {
            JsonObject entry = g.ToResource();
            entry.Remove("id");
            entry.Remove("node");
            entry.Remove("type");
            if (kind == "lxc")
            {
                // The quirk: lxc lists give vmid as a string, qemu lists as an integer.
                entry["vmid"] = g.VmId.ToString(CultureInfo.InvariantCulture);
            }

            return (JsonNode)entry;
        }).ToArray());
        return PveResponse.Data(request.Context, data);
    }

    private Task Power(PveRequest request, string kind, string action) =>
        WithGuest(request, kind, guest => guest.HaState != null && HaActions.TryGetValue(action, out (string Type, string State, string Status) ha)
            ? StartGuestTask(request, guest, ha.Type, "VM.PowerMgmt", () => RequestHaState(guest, ha.State, ha.Status), ha.Type)
            : StartGuestTask(request, guest, action, "VM.PowerMgmt", null));

    // PVE hands start/stop/shutdown of an HA-managed guest to the HA manager: an ha... task that only sets the requested
    // state and ends, and the guest changes later, when the HA manager gets to it.
    private static readonly Dictionary<string, (string Type, string State, string Status)> HaActions = new(StringComparer.Ordinal)
    {
        ["start"] = ("hastart", "started", "running"),
        ["stop"] = ("hastop", "stopped", "stopped"),
        ["shutdown"] = ("hastop", "stopped", "stopped"),
    };

    private void RequestHaState(SimGuest guest, string state, string status)
    {
        guest.HaState = state;
        _ = Task.Delay(Options.HaDelay).ContinueWith(_ => guest.Status = status, TaskScheduler.Default);
    }

    private Task WithGuest(PveRequest request, string kind, Func<SimGuest, Task> answer)
    {
        string node = request.Get("node")!;
        int vmid = int.Parse(request.Get("vmid")!, CultureInfo.InvariantCulture);
        SimGuest? guest = Cluster.Guest(vmid);
        if (guest == null || guest.Node != node || guest.Type != kind)
        {
            string folder = kind == "qemu" ? "qemu-server" : "lxc";
            return PveResponse.Error(request.Context, 500, $"Configuration file 'nodes/{node}/{folder}/{vmid}.conf' does not exist");
        }

        return answer(guest);
    }

    /// <summary>A task on a guest for a user with <paramref name="privilege"/> (403 without it, as PVE answers).</summary>
    private Task StartGuestTask(PveRequest request, SimGuest guest, string action, string privilege, Action? effect, string? type = null)
    {
        if (request.User != null && Options.WithoutPrivileges.Contains(request.User))
        {
            return PveResponse.Error(request.Context, 403, $"Permission check failed (/vms/{guest.VmId}, {privilege})");
        }

        string user = Principal(request);
        return PveResponse.Data(request.Context, Cluster.StartTask(guest, action, user, effect, type).Upid);
    }

    private Task Tasks(PveRequest request)
    {
        IEnumerable<SimTask> tasks = Cluster.TasksOf(request.Get("node")!);
        if (request.Get("vmid") is string vmid)
        {
            tasks = tasks.Where(t => t.Guest?.VmId.ToString(CultureInfo.InvariantCulture) == vmid);
        }

        // pve-manager's Tasks.pm: source defaults to archive (ended tasks only); active is the running ones, all both.
        tasks = (request.Get("source") ?? "archive") switch
        {
            "active" => tasks.Where(t => t.End == null),
            "all" => tasks,
            _ => tasks.Where(t => t.End != null),
        };

        int limit = request.Get("limit") is string l ? int.Parse(l, CultureInfo.InvariantCulture) : 50;
        return PveResponse.Data(request.Context, new JsonArray(tasks.Take(limit).Select(t => (JsonNode)t.ToListEntry()).ToArray()));
    }

    private Task TaskAnswer(PveRequest request, Func<SimTask, Task> answer)
    {
        SimTask? task = Cluster.Task(request.Get("upid")!);
        return task == null || task.Node != request.Get("node")
            ? PveResponse.Error(request.Context, 500, "unable to parse worker upid or no such task")
            : answer(task);
    }

    private static Task TaskLog(PveRequest request, SimTask task)
    {
        int start = request.Get("start") is string s ? int.Parse(s, CultureInfo.InvariantCulture) : 0;
        int limit = request.Get("limit") is string l ? int.Parse(l, CultureInfo.InvariantCulture) : 50;
        string[] lines = task.Log;
        var data = new JsonArray(lines.Select((t, n) => (n, t)).Skip(start).Take(limit).Select(x => (JsonNode)new JsonObject { ["n"] = x.n + 1, ["t"] = x.t }).ToArray());
        return PveResponse.Data(request.Context, data);
    }
}
