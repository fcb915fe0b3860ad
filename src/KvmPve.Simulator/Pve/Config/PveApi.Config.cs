using System.Globalization;
using System.Text.Json.Nodes;

namespace KvmPve.Simulator.Pve;

/// <summary>
/// Guest configuration as PVE keeps it: GET config and pending, a synchronous PUT guarded by the digest (a stale one
/// is refused), changes to a running VM that wait as pending, and the cloud-init drive that holds what was last
/// generated until PUT .../cloudinit (or a start) writes it again.
/// </summary>
public sealed partial class PveApi
{
    // What a running VM cannot change at once (PVE's default hotplug is network, disk and usb): it waits as pending.
    private static readonly HashSet<string> ColdKeys = new(StringComparer.Ordinal) { "cores", "sockets", "memory", "cpu", "machine", "bios", "ostype", "vcpus" };

    private void MapConfig()
    {
        foreach (string kind in new[] { "qemu", "lxc" })
        {
            string path = $"/nodes/{{node}}/{kind}/{{vmid}}";
            Handle("GET", path + "/config", r => WithGuest(r, kind, g => PveResponse.Data(r.Context, ConfigOf(g, current: r.Get("current") == "1"))));
            Handle("GET", path + "/pending", r => WithGuest(r, kind, g => PveResponse.Data(r.Context, PendingOf(g))));
            Handle("PUT", path + "/config", r => WithGuest(r, kind, g => PutConfig(r, g)));
        }

        Handle("GET", "/nodes/{node}/qemu/{vmid}/cloudinit", r => WithGuest(r, "qemu", g => PveResponse.Data(r.Context, CloudInitOf(g))));
        Handle("PUT", "/nodes/{node}/qemu/{vmid}/cloudinit", r => WithGuest(r, "qemu", g =>
        {
            g.RegenerateCloudInit();
            return PveResponse.Data(r.Context, null);
        }));
    }

    /// <summary>
    /// GET .../config as PVE's load_current_config (pve-guest-common AbstractConfig) answers it: the pending values
    /// applied and pending deletes gone, unless <paramref name="current"/> (the configuration the guest runs with).
    /// </summary>
    private static JsonObject ConfigOf(SimGuest guest, bool current = true)
    {
        var data = new JsonObject();
        lock (guest.Config)
        {
            foreach ((string key, string value) in guest.Config.Values)
            {
                data[key] = Masked(key, value);
            }

            if (!current)
            {
                foreach ((string key, string value) in guest.Config.Pending)
                {
                    data[key] = Masked(key, value);
                }

                foreach (string key in guest.Config.PendingDelete)
                {
                    data.Remove(key);
                }
            }
        }

        data[guest.Type == "lxc" ? "hostname" : "name"] = guest.Name;
        if (guest.Tags.Length > 0)
        {
            data["tags"] = guest.Tags;
        }

        if (guest.Lock != null)
        {
            data["lock"] = guest.Lock;
        }

        data["digest"] = guest.Digest();
        return data;
    }

    // PVE never gives the cloud-init password back.
    private static string Masked(string key, string value) => key == "cipassword" ? "**********" : value;

    private static JsonArray PendingOf(SimGuest guest)
    {
        var data = new JsonArray();
        JsonObject current = ConfigOf(guest);
        lock (guest.Config)
        {
            foreach (string key in current.Select(p => p.Key).Union(guest.Config.Pending.Keys).Order(StringComparer.Ordinal))
            {
                var entry = new JsonObject { ["key"] = key };
                if (current[key] is JsonNode value)
                {
                    entry["value"] = value.DeepClone();
                }

                if (guest.Config.Pending.TryGetValue(key, out string? pending))
                {
                    entry["pending"] = pending;
                }

                if (guest.Config.PendingDelete.Contains(key))
                {
                    entry["delete"] = 1;
                }

                data.Add(entry);
            }
        }

        return data;
    }

    private static JsonArray CloudInitOf(SimGuest guest)
    {
        var data = new JsonArray();
        lock (guest.Config)
        {
            foreach (string key in SimConfig.CloudInitKeys)
            {
                guest.Config.Values.TryGetValue(key, out string? now);
                guest.Config.CloudInitDrive.TryGetValue(key, out string? drive);
                if (now == null && drive == null)
                {
                    continue;
                }

                var entry = new JsonObject { ["key"] = key };
                if (drive != null)
                {
                    entry["value"] = Masked(key, drive);
                }

                if (now != drive)
                {
                    if (now == null)
                    {
                        entry["delete"] = 1;
                    }
                    else
                    {
                        entry["pending"] = Masked(key, now);
                    }
                }

                data.Add(entry);
            }
        }

        return data;
    }

    private Task PutConfig(PveRequest request, SimGuest guest)
    {
        if (Refused(request, $"/vms/{guest.VmId}", "VM.Config.Options", out Task refusal))
        {
            return refusal;
        }

        if (ConfigRefusal(request, guest) is string text)
        {
            return PveResponse.Error(request.Context, 500, text);
        }

        try
        {
            ApplyConfig(request, guest);
        }
        catch (SimTaskFailed ex)
        {
            return PveResponse.Error(request.Context, 500, ex.Message);
        }

        return PveResponse.Data(request.Context, null);
    }

    /// <summary>PVE's refusal of a change sent with a digest the configuration no longer has; null when it is current (or none was sent).</summary>
    private static string? StaleDigest(PveRequest request, SimGuest guest) =>
        request.Get("digest") is string digest && digest != guest.Digest()
            // qemu-server's update_vm_api and resize_vm have their own text; pve-container uses PVE::Tools::assert_if_modified's.
            ? guest.Type == "qemu" ? "checksum mismatch (file change by other user?)" : "detected modified configuration - file changed by other user? Try again."
            : null;

    /// <summary>What PVE refuses a configuration change for before it changes anything: a stale digest, a lock.</summary>
    private static string? ConfigRefusal(PveRequest request, SimGuest guest)
    {
        lock (guest.Config)
        {
            return StaleDigest(request, guest) ?? (guest.Lock != null && request.Get("skiplock") != "1" ? $"VM is locked ({guest.Lock})" : null);
        }
    }

    /// <summary>A configuration change: deletes (a disk key leaves its volume unusedN), then the keys (new volumes allocated).</summary>
    private void ApplyConfig(PveRequest request, SimGuest guest)
    {
        lock (guest.Config)
        {
            bool running = guest.Type == "qemu" && guest.Status == "running";
            foreach (string key in (request.Get("delete") ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries))
            {
                if (key == "tags")
                {
                    guest.Tags = string.Empty;
                }
                else if (running && ColdKeys.Contains(key))
                {
                    guest.Config.PendingDelete.Add(key);
                }
                else
                {
                    DetachOrDestroy(guest, key);
                }
            }

            foreach ((string key, List<string> values) in request.Parameters)
            {
                if (key is "node" or "vmid" or "digest" or "delete" or "skiplock")
                {
                    continue;
                }

                string value = Allocate(guest, key, values[0]) ?? values[0];
                if (key is "name" or "hostname")
                {
                    guest.Name = value;
                }
                else if (key == "tags")
                {
                    guest.Tags = value;
                }
                else if (running && ColdKeys.Contains(key))
                {
                    guest.Config.Pending[key] = value;
                }
                else
                {
                    guest.Config.Values[key] = value;
                }
            }
        }
    }
}
