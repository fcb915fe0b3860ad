using System.Globalization;
using System.Text.RegularExpressions;

namespace KvmPve.Simulator.Pve;

/// <summary>
/// Disks as qemu-server and pve-container handle them: resize (grow only, a task), move_disk / move_volume to another
/// storage or guest (a task; the source kept as unusedN unless deleted), template (qemu a task, lxc at once), and in
/// a configuration change: storage:N allocates a new volume of N GiB, storage:0,import-from=... one made from a
/// volume, deleting a disk key leaves it unusedN, deleting unusedN destroys the volume.
/// </summary>
public sealed partial class PveApi
{
    private static readonly Regex Allocation = new("^(?<storage>[a-zA-Z][a-zA-Z0-9._-]*):(?<size>[0-9.]+)(?<rest>(,.*)?)$");

    private static readonly Regex DiskKey = new("^(ide|sata|scsi|virtio|mp|efidisk|tpmstate)[0-9]+$|^rootfs$");

    private void MapDisks()
    {
        foreach (string kind in new[] { "qemu", "lxc" })
        {
            string path = $"/nodes/{{node}}/{kind}/{{vmid}}";
            Handle("PUT", path + "/resize", r => WithGuest(r, kind, g => Resize(r, g)));
            Handle("POST", path + "/template", r => WithGuest(r, kind, g => Template(r, g)));
        }

        Handle("POST", "/nodes/{node}/qemu/{vmid}/move_disk", r => WithGuest(r, "qemu", g => MoveDisk(r, g, r.Get("disk")!, r.Get("target-disk"))));
        Handle("POST", "/nodes/{node}/lxc/{vmid}/move_volume", r => WithGuest(r, "lxc", g => MoveDisk(r, g, r.Get("volume")!, r.Get("target-volume"))));
        Handle("POST", "/nodes/{node}/qemu/{vmid}/config", r => WithGuest(r, "qemu", g =>
        {
            // POST config is PUT's change as a task (qmconfig): a disk import takes its time.
            if (ConfigRefusal(r, g) is string refusal)
            {
                return PveResponse.Error(r.Context, 500, refusal);
            }

            return StartGuestTask(r, g, "config", "VM.Config.Disk", () => ApplyConfig(r, g), "qmconfig");
        }));
    }

    /// <summary>A disk value that asks for a new volume: storage:N (GiB), or storage:0,import-from=volume. Null when it names an existing volume.</summary>
    internal string? Allocate(SimGuest guest, string key, string value)
    {
        Match match = Allocation.Match(value);
        if (!match.Success || !DiskKey.IsMatch(key))
        {
            return null;
        }

        SimStorage? storage = Cluster.Storage(guest.Node, match.Groups["storage"].Value);
        if (storage == null)
        {
            throw new SimTaskFailed($"storage '{match.Groups["storage"].Value}' does not exist");
        }

        string rest = match.Groups["rest"].Value;
        long bytes = (long)(double.Parse(match.Groups["size"].Value, CultureInfo.InvariantCulture) * (1L << 30));
        Match import = Regex.Match(rest, ",import-from=([^,]+)");
        if (import.Success)
        {
            SimVolume? source = Cluster.Storages.SelectMany(s => s.Volumes.Values).FirstOrDefault(v => v.VolId == import.Groups[1].Value);
            if (source == null)
            {
                throw new SimTaskFailed($"import-from: volume '{import.Groups[1].Value}' does not exist");
            }

            bytes = Math.Max(source.Size, 1L << 30);
            rest = rest.Remove(import.Index, import.Length);
        }

        string volId = FreeVolume(storage, guest);
        storage.Add(new SimVolume(volId, guest.Type == "lxc" ? "rootdir" : "images", "raw", bytes, Options.Clock.UtcNow.ToUnixTimeSeconds(), guest.VmId));
        return $"{volId}{rest},size={bytes >> 30}G";
    }

    /// <summary>
    /// The next free vm-{vmid}-disk-N on a storage, as PVE's find_free_diskname picks it from the storage's volumes; the
    /// guest's configured volumes there count too, since a seeded guest's disks are not listed as volumes here.
    /// </summary>
    private static string FreeVolume(SimStorage storage, SimGuest guest) =>
        Enumerable.Range(0, 100).Select(i => $"{storage.Name}:vm-{guest.VmId}-disk-{i}")
            .First(v => !storage.Volumes.ContainsKey(v) && !guest.Config.Values.Values.Any(c => c == v || c.StartsWith(v + ",", StringComparison.Ordinal)));

    /// <summary>A volume that leaves its disk key stays with the guest as the next free unusedN.</summary>
    private static void KeepUnused(SimGuest guest, string volume) =>
        guest.Config.Values[$"unused{Enumerable.Range(0, 256).First(i => !guest.Config.Values.ContainsKey($"unused{i}"))}"] = volume;

    /// <summary>Deleting a disk key: the volume stays as unusedN; deleting unusedN destroys it.</summary>
    internal void DetachOrDestroy(SimGuest guest, string key)
    {
        if (!guest.Config.Values.TryGetValue(key, out string? value))
        {
            return;
        }

        guest.Config.Values.Remove(key);
        string volume = value.Split(',')[0];
        if (key.StartsWith("unused", StringComparison.Ordinal))
        {
            foreach (SimStorage storage in Cluster.Storages)
            {
                storage.Volumes.TryRemove(volume, out _);
            }
        }
        else if (DiskKey.IsMatch(key) && !value.Contains("media=cdrom", StringComparison.Ordinal))
        {
            KeepUnused(guest, volume);
        }
    }

    private Task Resize(PveRequest request, SimGuest guest)
    {
        string disk = request.Get("disk")!;
        string size = request.Get("size")!;
        lock (guest.Config)
        {
            if (StaleDigest(request, guest) is string stale)
            {
                return PveResponse.Error(request.Context, 500, stale);
            }

            if (!guest.Config.Values.TryGetValue(disk, out string? value))
            {
                return PveResponse.Error(request.Context, 500, $"disk '{disk}' does not exist");
            }

            long now = SizeBytes(Regex.Match(value, "size=([^,]+)").Groups[1].Value);
            long wanted = SizeBytes(size.TrimStart('+')) + (size.StartsWith('+') ? now : 0);
            if (wanted < now)
            {
                return PveResponse.Error(request.Context, 500, "shrinking disks is not supported");
            }

            string grown = $"size={wanted >> 30}G";
            return StartGuestTask(request, guest, "resize", "VM.Config.Disk", () =>
            {
                lock (guest.Config)
                {
                    guest.Config.Values[disk] = Regex.IsMatch(value, "size=[^,]+") ? Regex.Replace(value, "size=[^,]+", grown) : value + "," + grown;
                }
            }, "resize");
        }
    }

    private Task MoveDisk(PveRequest request, SimGuest guest, string disk, string? targetDisk)
    {
        string? value;
        lock (guest.Config)
        {
            guest.Config.Values.TryGetValue(disk, out value);
        }

        if (value == null)
        {
            return PveResponse.Error(request.Context, 500, $"disk '{disk}' does not exist");
        }

        if (guest.Lock != null)
        {
            return PveResponse.Error(request.Context, 500, $"VM is locked ({guest.Lock})");
        }

        SimGuest? target = request.Get("target-vmid") is string id ? Cluster.Guest(int.Parse(id, CultureInfo.InvariantCulture)) : null;
        if (request.Get("target-vmid") != null && target == null)
        {
            return PveResponse.Error(request.Context, 500, $"unable to find configuration file for VM {request.Get("target-vmid")} on node '{guest.Node}'");
        }

        string? storageName = request.Get("storage");
        if (storageName != null && Cluster.Storage(guest.Node, storageName) == null)
        {
            return PveResponse.Error(request.Context, 500, $"storage '{storageName}' does not exist");
        }

        bool delete = request.Get("delete") == "1";
        return StartGuestTask(request, guest, "move", "VM.Config.Disk", () =>
        {
            lock (guest.Config)
            {
                string volume = value.Split(',')[0];
                string options = value.Contains(',', StringComparison.Ordinal) ? value[value.IndexOf(',')..] : string.Empty;
                SimVolume? old = Cluster.Storages.SelectMany(s => s.Volumes.Values).FirstOrDefault(v => v.VolId == volume);
                if (target != null)
                {
                    // Reassign: the volume is renamed for the target guest and leaves this one.
                    guest.Config.Values.Remove(disk);
                    string renamed = volume.Replace($"vm-{guest.VmId}-", $"vm-{target.VmId}-", StringComparison.Ordinal);
                    lock (target.Config)
                    {
                        target.Config.Values[targetDisk ?? disk] = renamed + options;
                    }

                    return;
                }

                SimStorage storage = Cluster.Storage(guest.Node, storageName!)!;
                string moved = FreeVolume(storage, guest);
                storage.Add(new SimVolume(moved, old?.Content ?? "images", request.Get("format") ?? "raw", old?.Size ?? (32L << 30), Options.Clock.UtcNow.ToUnixTimeSeconds(), guest.VmId));
                guest.Config.Values[disk] = moved + options;
                if (delete)
                {
                    foreach (SimStorage s in Cluster.Storages)
                    {
                        s.Volumes.TryRemove(volume, out _);
                    }
                }
                else
                {
                    KeepUnused(guest, volume);
                }
            }
        }, guest.Type == "qemu" ? "qmmove" : "move_volume");
    }

    /// <summary>PVE's sizes: K, M, G or T are powers of 1024; no unit is bytes.</summary>
    private static long SizeBytes(string size)
    {
        if (size.Length == 0)
        {
            return 0;
        }

        int shift = char.ToUpperInvariant(size[^1]) switch { 'K' => 10, 'M' => 20, 'G' => 30, 'T' => 40, _ => 0 };
        return (long)(double.Parse(shift == 0 ? size : size[..^1], CultureInfo.InvariantCulture) * (1L << shift));
    }

    private Task Template(PveRequest request, SimGuest guest)
    {
        if (guest.Status != "stopped")
        {
            return PveResponse.Error(request.Context, 500, guest.Type == "qemu" ? "you can't convert a VM to template if VM is running" : "you can't convert a CT to template if the CT is running");
        }

        if (guest.Type == "lxc")
        {
            guest.Template = true;
            return PveResponse.Data(request.Context, null);
        }

        return StartGuestTask(request, guest, "template", "VM.Allocate", () => guest.Template = true, "qmtemplate");
    }
}
