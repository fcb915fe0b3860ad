using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;

namespace KvmPve.Simulator.Pve;

/// <summary>The fake cluster's state: two nodes, qemu and lxc guests, and tasks that run for a moment then stop.</summary>
public sealed class PveCluster
{
    private readonly PveSimulatorOptions _options;
    private readonly ConcurrentDictionary<string, SimTask> _tasks = new(StringComparer.Ordinal);
    private int _pid = 0x000C1A00;

    internal PveCluster(PveSimulatorOptions options)
    {
        _options = options;
        _guests =
        [
            new SimGuest(100, "web01", "pve1", "qemu", "running", "prod;web"),
            new SimGuest(101, "web02", "pve1", "qemu", "stopped", "prod;web"),
            new SimGuest(102, "db01", "pve2", "qemu", "running", "prod;db") { Pool = "databases", HaState = "started" },
            new SimGuest(103, "tpl-debian", "pve2", "qemu", "stopped", string.Empty) { Template = true },
            new SimGuest(200, "dns01", "pve2", "lxc", "running", "infra"),
            new SimGuest(201, "backup01", "pve1", "lxc", "stopped", "infra") { Lock = "backup" },
        ];
        // web01 has a small tree: base, then before-upgrade (where it stands) and an older side branch, test.
        SimGuest web01 = _guests[0];
        web01.Snapshots.Add(new SimSnapshot("base", null, "Fresh install\n", 1_763_000_000, false));
        web01.Snapshots.Add(new SimSnapshot("test", "base", "Trying a kernel", 1_763_100_000, true));
        web01.Snapshots.Add(new SimSnapshot("before-upgrade", "base", "Before the 9.1 upgrade", 1_763_200_000, false));
        web01.CurrentParent = "before-upgrade";
        foreach (SimGuest pinned in _guests.Where(g => options.PinnedGuests.Contains(g.VmId)))
        {
            pinned.LocalResources = ["hostpci0"];
        }

        for (int i = 0; i < options.ExtraGuests; i++)
        {
            int vmid = 1000 + i;
            _guests.Add(new SimGuest(vmid, $"guest{vmid}", i % 2 == 0 ? "pve1" : "pve2", i % 3 == 0 ? "lxc" : "qemu", i % 4 == 0 ? "stopped" : "running", i % 5 == 0 ? "bulk;test" : "bulk"));
        }
    }

    public static readonly string[] Nodes = ["pve1", "pve2"];

    /// <summary>local (per node: ISOs, templates, backups), local-lvm (per node: disks) and nfs-backup (shared).</summary>
    public List<SimStorage> Storages { get; } = NewStorages();

    /// <summary>The storage a node sees by that name: its own local one, or the shared one.</summary>
    public SimStorage? Storage(string node, string name) => Storages.FirstOrDefault(s => s.Name == name && (s.Node == null || s.Node == node));

    private static List<SimStorage> NewStorages()
    {
        var storages = new List<SimStorage>();
        foreach (string node in Nodes)
        {
            storages.Add(new SimStorage("local", "dir", "iso,vztmpl,backup,snippets,import", false, node));
            storages.Add(new SimStorage("local-lvm", "lvmthin", "images,rootdir", false, node));
        }

        storages.Add(new SimStorage("nfs-backup", "nfs", "backup,iso", true, null));
        SimStorage local1 = storages[0];
        local1.Add(new SimVolume("local:iso/debian-12.0.0-amd64-netinst.iso", "iso", "iso", 654_311_424, 1_693_252_591, null));
        local1.Add(new SimVolume("local:vztmpl/debian-12-standard_12.0-1_amd64.tar.zst", "vztmpl", "tar.zst", 128_974_848, 1_693_252_600, null));
        storages[1].Add(new SimVolume("local-lvm:vm-100-disk-0", "images", "raw", 34_359_738_368, 1_693_000_000, 100));
        storages[^1].Add(new SimVolume("nfs-backup:backup/vzdump-qemu-100-2025_11_01-02_00_00.vma.zst", "backup", "vma.zst", 2_147_483_648, 1_761_962_400, 100) { Notes = "web01 nightly", Protected = true });
        return storages;
    }

    private readonly List<SimGuest> _guests;

    /// <summary>The guests now (a copy: clones, creates and removes change the list while requests read it).</summary>
    public IReadOnlyList<SimGuest> Guests
    {
        get
        {
            lock (_guests)
            {
                return _guests.ToArray();
            }
        }
    }

    public SimGuest? Guest(int vmid) => Guests.FirstOrDefault(g => g.VmId == vmid);

    /// <summary>Adds a guest unless its VMID is taken: PVE's config file creation, atomic across concurrent requests.</summary>
    public bool TryAdd(SimGuest guest)
    {
        lock (_guests)
        {
            if (_guests.Any(g => g.VmId == guest.VmId))
            {
                return false;
            }

            _guests.Add(guest);
            return true;
        }
    }

    public void Remove(SimGuest guest)
    {
        lock (_guests)
        {
            _guests.Remove(guest);
        }
    }

    /// <summary>Starts a task for a power action; the guest's state changes when the task ends successfully.</summary>
    internal SimTask StartTask(SimGuest guest, string action, string user, Action? effect = null, string? type = null)
    {
        string outcome = _options.TaskOutcomes.TryGetValue(guest.VmId, out string? o) ? o : "OK";
        string taskType = type ?? (guest.Type == "lxc" ? "vz" : "qm") + action;
        return StartTask(guest.Node, taskType, guest.VmId.ToString(CultureInfo.InvariantCulture), user, outcome, guest, action, _options.DurationOf(taskType, guest.VmId), effect);
    }

    /// <summary>A node's task that belongs to no guest (an upload's copy, a download, a volume's removal).</summary>
    internal SimTask StartNodeTask(string node, string type, string id, string user, Action? effect) =>
        StartTask(node, type, id, user, "OK", null, type, _options.DurationOf(type, null), effect);

    private SimTask StartTask(string node, string type, string id, string user, string outcome, SimGuest? guest, string action, TimeSpan duration, Action? effect)
    {
        DateTimeOffset now = _options.Clock.UtcNow;
        int pid = Interlocked.Increment(ref _pid);
        // pstart past 32 bits on purpose: long-running nodes have it, and parsers that assume 8 digits break.
        string upid = string.Create(CultureInfo.InvariantCulture, $"UPID:{node}:{pid:X8}:{0x1A2B3C4D5L + pid:X9}:{now.ToUnixTimeSeconds():X8}:{type}:{id}:{user}:");
        var task = new SimTask(upid, node, pid, 0x1A2B3C4D5L + pid, now, type, id, user, outcome, guest, action) { Duration = duration, Effect = effect };
        _tasks[upid] = task;
        return task;
    }

    /// <summary>The most tasks that ran at the same moment so far (a throttle must keep this at or under its limit).</summary>
    public int MostTasksRunningAtOnce()
    {
        SimTask[] tasks = _tasks.Values.ToArray();
        return tasks.Length == 0 ? 0 : tasks.Max(t => tasks.Count(o => o.Start <= t.Start && t.Start < o.Start + o.Duration));
    }

    /// <summary>
    /// Ends every task whose time is up, in the order they end, so what they change lands in that order and shows
    /// in lists read before anyone polls them (a start that ended before a stop never undoes it).
    /// </summary>
    internal void SettleAll()
    {
        DateTimeOffset now = _options.Clock.UtcNow;
        foreach (SimTask task in _tasks.Values.Where(t => t.End == null && now - t.Start >= t.Duration).OrderBy(t => t.Start + t.Duration))
        {
            Settle(task);
        }
    }

    internal SimTask? Task(string upid)
    {
        SettleAll();
        return _tasks.TryGetValue(upid, out SimTask? task) ? Settle(task) : null;
    }

    internal IEnumerable<SimTask> TasksOf(string node)
    {
        SettleAll();
        return _tasks.Values.Where(t => t.Node == node).OrderByDescending(t => t.Start);
    }

    // A task stops once its time is up; a successful power action then changes the guest.
    private SimTask Settle(SimTask task)
    {
        lock (task)
        {
            if (task.End == null && _options.Clock.UtcNow - task.Start >= task.Duration)
            {
                task.End = task.Start + task.Duration;
                try
                {
                    // What the task changes lands when it ends, as with PVE's workers; a change that fails fails the task.
                    if (task.Outcome == "OK")
                    {
                        task.Effect?.Invoke();
                    }
                }
                catch (SimTaskFailed ex)
                {
                    task.Outcome = ex.Message;
                }

                if (task.Guest != null && (task.Outcome == "OK" || task.Outcome.StartsWith("WARNINGS", StringComparison.Ordinal)))
                {
                    if (task.Action is "start" or "reboot")
                    {
                        task.Guest.ApplyPending();
                        task.Guest.StartedAt = task.End.Value;
                    }

                    task.Guest.Status = task.Action switch
                    {
                        "start" or "resume" or "reboot" or "reset" => "running",
                        "stop" or "shutdown" => "stopped",
                        "suspend" => task.Guest.Type == "qemu" ? "paused" : "suspended",
                        _ => task.Guest.Status,
                    };
                }
            }
        }

        return task;
    }
}

public sealed class SimGuest(int vmId, string name, string node, string type, string status, string tags)
{
    public int VmId { get; } = vmId;

    public string Name { get; set; } = name;

    public string Node { get; set; } = node;

    public string Type { get; } = type;

    public string Status { get; set; } = status;

    public string Tags { get; set; } = tags;

    public bool Template { get; set; }

    public string? Pool { get; set; }

    public string? Lock { get; set; }

    /// <summary>When it last started (its guest agent answers a moment later); long ago for guests running from the start.</summary>
    public DateTimeOffset StartedAt { get; set; } = DateTimeOffset.MinValue;

    /// <summary>Its QEMU guest agent, made when first asked.</summary>
    public SimAgent Agent => _agent ??= new SimAgent();

    private SimAgent? _agent;

    /// <summary>Set for the moment a migration hands the guest from one node to the other: it is listed on neither.</summary>
    public bool Hidden { get; set; }

    /// <summary>Devices that pin it to its node (hostpci0, ...): GET migrate lists them and PVE refuses the migration.</summary>
    public string[] LocalResources { get; set; } = [];

    /// <summary>The configuration besides name and tags (kept in their properties), and what waits for the next start.</summary>
    public SimConfig Config { get; set; } = SimConfig.Default(vmId, type);

    public string? HaState { get; set; }

    /// <summary>The guest's snapshots (a tree through Parent), and the one its current state grew from.</summary>
    public List<SimSnapshot> Snapshots { get; } = [];

    public string? CurrentParent { get; set; }

    /// <summary>What a start does to the configuration: pending changes land, the cloud-init drive is written anew.</summary>
    public void ApplyPending()
    {
        lock (Config)
        {
            foreach ((string key, string value) in Config.Pending)
            {
                Config.Values[key] = value;
            }

            foreach (string key in Config.PendingDelete)
            {
                Config.Values.Remove(key);
            }

            Config.Pending.Clear();
            Config.PendingDelete.Clear();
            RegenerateCloudInit();
        }
    }

    /// <summary>PUT .../cloudinit: the drive gets the cloud-init keys as the configuration has them now.</summary>
    public void RegenerateCloudInit()
    {
        lock (Config)
        {
            Config.CloudInitDrive.Clear();
            foreach (string key in SimConfig.CloudInitKeys.Where(Config.Values.ContainsKey))
            {
                Config.CloudInitDrive[key] = Config.Values[key];
            }
        }
    }

    /// <summary>PVE's digest: a SHA-1 of the configuration file, which changes with any edit.</summary>
    public string Digest()
    {
        lock (Config)
        {
            string text = $"name: {Name}\ntags: {Tags}\n" + string.Concat(Config.Values.Select(k => $"{k.Key}: {k.Value}\n")) + string.Concat(Config.Pending.Select(k => $"[PENDING] {k.Key}: {k.Value}\n"));
            return Convert.ToHexStringLower(System.Security.Cryptography.SHA1.HashData(System.Text.Encoding.UTF8.GetBytes(text)));
        }
    }

    /// <summary>As /cluster/resources lists it (vmid an integer, template 0/1, tags ;-joined).</summary>
    public JsonObject ToResource()
    {
        bool running = Status == "running";
        var entry = new JsonObject
        {
            ["id"] = $"{Type}/{VmId}", ["type"] = Type, ["vmid"] = VmId, ["name"] = Name, ["node"] = Node, ["status"] = Status,
            ["cpu"] = running ? 0.0312 : 0, ["maxcpu"] = Type == "lxc" ? 2 : 4, ["mem"] = running ? 1_073_741_824L : 0, ["maxmem"] = 4_294_967_296L,
            ["disk"] = Type == "lxc" ? 2_147_483_648L : 0, ["maxdisk"] = 34_359_738_368L, ["uptime"] = running ? 86_400 : 0,
            ["template"] = Template ? 1 : 0, ["tags"] = Tags, ["netin"] = 0, ["netout"] = 0, ["diskread"] = 0, ["diskwrite"] = 0,
        };
        if (Pool != null)
        {
            entry["pool"] = Pool;
        }

        if (Lock != null)
        {
            entry["lock"] = Lock;
        }

        if (HaState != null)
        {
            entry["hastate"] = HaState;
        }

        return entry;
    }
}

internal sealed class SimTask(string upid, string node, int pid, long pstart, DateTimeOffset start, string type, string id, string user, string outcome, SimGuest? guest, string action)
{
    public string Upid { get; } = upid;

    public string Node { get; } = node;

    public DateTimeOffset Start { get; } = start;

    public string Outcome { get; set; } = outcome;

    /// <summary>The guest it acts on; none for a node's own tasks.</summary>
    public SimGuest? Guest { get; } = guest;

    public string Action { get; } = action;

    public DateTimeOffset? End { get; set; }

    /// <summary>How long it runs: the simulator's task duration when it started.</summary>
    public TimeSpan Duration { get; init; }

    /// <summary>What a successful end changes, besides a power action's status.</summary>
    public Action? Effect { get; init; }

    public string[] Log => End == null
        ? [$"starting {Action} of {id}"]
        : Outcome == "OK" ? [$"starting {Action} of {id}", "TASK OK"]
        : Outcome.StartsWith("WARNINGS", StringComparison.Ordinal) ? [$"starting {Action} of {id}", "WARN: guest agent not running", $"TASK {Outcome}"]
        : [$"starting {Action} of {id}", $"command failed: {Outcome}", $"TASK ERROR: {Outcome}"];

    /// <summary>As a task list entry: the outcome in "status", an endtime once stopped.</summary>
    public JsonObject ToListEntry()
    {
        JsonObject entry = Common();
        if (End is DateTimeOffset end)
        {
            entry["endtime"] = end.ToUnixTimeSeconds();
            entry["status"] = Outcome;
        }

        return entry;
    }

    /// <summary>As the status endpoint answers: running/stopped, the outcome in "exitstatus".</summary>
    public JsonObject ToStatus()
    {
        JsonObject entry = Common();
        entry["status"] = End == null ? "running" : "stopped";
        if (End != null)
        {
            entry["exitstatus"] = Outcome;
        }

        return entry;
    }

    private JsonObject Common() => new()
    {
        ["upid"] = Upid, ["node"] = Node, ["pid"] = pid, ["pstart"] = pstart, ["starttime"] = Start.ToUnixTimeSeconds(),
        ["type"] = type, ["id"] = id, ["user"] = user,
    };
}

public sealed class SimSnapshot(string name, string? parent, string description, long snapTime, bool vmState)
{
    public string Name { get; } = name;

    public string? Parent { get; set; } = parent;

    public string Description { get; } = description;

    public long SnapTime { get; } = snapTime;

    public bool VmState { get; } = vmState;
}
