using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace KvmPve.Simulator.Pve;

/// <summary>
/// Restores as qemu-server and pve-container run them: POST /nodes/{node}/qemu with archive (qmrestore), POST
/// /nodes/{node}/lxc with ostemplate and restore=1 (vzrestore). The new guest exists at once, locked create, and gets
/// the backed-up guest's configuration (new MACs with unique) when the task ends; over an existing guest only with
/// force, and never over a running one. Also /cluster/backup-info/not-backed-up against the backup jobs' guests.
/// </summary>
public sealed partial class PveApi
{
    private static readonly Regex ArchiveName = new("vzdump-(?<type>qemu|lxc)-(?<vmid>[0-9]+)-");

    /// <summary>The guests a backup job covers (PVE's jobs.cfg); the others are "not backed up".</summary>
    public HashSet<int> BackupJobGuests { get; } = [100, 101, 102];

    private void MapRestore()
    {
        Handle("POST", "/nodes/{node}/lxc", r => r.Get("restore") == "1"
            ? Restore(r, "lxc", r.Get("ostemplate")!)
            : PveResponse.Error(r.Context, 501, "Method 'POST /nodes/{node}/lxc' without restore not implemented in the KvmPve simulator"));
        Handle("GET", "/cluster/backup-info/not-backed-up", r => PveResponse.Data(r.Context, new JsonArray(Cluster.Guests
            .Where(g => !g.Template && !BackupJobGuests.Contains(g.VmId)).OrderBy(g => g.VmId)
            .Select(g => (JsonNode)new JsonObject { ["vmid"] = g.VmId, ["name"] = g.Name, ["type"] = g.Type }).ToArray())));
    }

    private Task Restore(PveRequest request, string type, string volId)
    {
        int vmid = int.Parse(request.Get("vmid")!, CultureInfo.InvariantCulture);
        string node = request.Get("node")!;
        string what = type == "lxc" ? "CT" : "VM";
        SimVolume? archive = Cluster.Storages.Where(s => s.Node == null || s.Node == node).SelectMany(s => s.Volumes.Values).FirstOrDefault(v => v.VolId == volId && v.Content == "backup");
        Match name = ArchiveName.Match(volId);
        if (archive == null || !name.Success)
        {
            return PveResponse.Error(request.Context, 500, $"unable to restore {what} {vmid} - volume '{volId}' does not exist");
        }

        if (name.Groups["type"].Value != type)
        {
            return PveResponse.Error(request.Context, 500, $"unable to restore {what} {vmid} - '{volId}' is a {name.Groups["type"].Value} backup");
        }

        SimGuest? existing = Cluster.Guest(vmid);
        bool force = request.Get("force") == "1";
        if (existing != null && (!force || existing.Type != type))
        {
            return PveResponse.Error(request.Context, 500, $"unable to restore {what} {vmid} - config file already exists");
        }

        if (existing?.Status == "running")
        {
            return PveResponse.Error(request.Context, 500, $"unable to restore {what} {vmid} - vm is running");
        }

        // The backed-up configuration: the original guest's as it is now (the simulator keeps no copy in the archive).
        SimGuest? original = Cluster.Guest(int.Parse(name.Groups["vmid"].Value, CultureInfo.InvariantCulture));
        SimConfig config = original?.Config.CloneFor(original.VmId, vmid) ?? SimConfig.Default(vmid, type);
        if (request.Get("unique") == "1")
        {
            foreach (string key in config.Values.Keys.Where(k => k.StartsWith("net", StringComparison.Ordinal)).ToList())
            {
                config.Values[key] = Regex.Replace(config.Values[key], "([0-9A-F]{2}:){5}[0-9A-F]{2}", string.Create(CultureInfo.InvariantCulture, $"BC:24:11:{Random.Shared.Next(256):X2}:{vmid / 256 % 256:X2}:{vmid % 256:X2}"));
            }
        }

        var made = new SimGuest(vmid, original?.Name ?? $"restored{vmid}", node, type, "stopped", original?.Tags ?? string.Empty) { Lock = "create", Config = config };
        if (existing != null)
        {
            Cluster.Remove(existing);
        }

        if (!Cluster.TryAdd(made))
        {
            return PveResponse.Error(request.Context, 500, $"unable to restore {what} {vmid} - config file already exists");
        }

        bool start = request.Get("start") == "1";
        return StartGuestTask(request, made, "restore", "VM.Backup", () =>
        {
            made.Lock = null;
            if (start)
            {
                made.Status = "running";
                made.StartedAt = Options.Clock.UtcNow;
            }
        }, type == "lxc" ? "vzrestore" : "qmrestore");
    }
}
