using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using KvmPve.Json;

namespace KvmPve
{
    /// <summary>
    /// A guest's configuration (GET .../config, or .../pending with -Pending): the common fields typed, every key as
    /// PVE gives it in <see cref="Keys"/>, and the <see cref="Digest"/> that guards a later change.
    /// </summary>
    public sealed class PveVmConfig
    {
        private static readonly Regex DiskKey = new Regex("^(ide|sata|scsi|virtio|mp|unused)[0-9]+$|^(efidisk0|tpmstate0|rootfs)$", RegexOptions.CultureInvariant);

        private static readonly Regex NetKey = new Regex("^net[0-9]+$", RegexOptions.CultureInvariant);

        public int VmId { get; set; }

        public string Node { get; set; } = string.Empty;

        public PveGuestType Type { get; set; }

        /// <summary>The guest's name (a container's hostname).</summary>
        public string? Name { get; set; }

        public string? Description { get; set; }

        public string[] Tags { get; set; } = Array.Empty<string>();

        public int? Cores { get; set; }

        public int? Sockets { get; set; }

        /// <summary>Memory in MiB, as PVE counts it.</summary>
        public long? Memory { get; set; }

        public string? OsType { get; set; }

        public string? Boot { get; set; }

        public PveVmDisk[] Disks { get; set; } = Array.Empty<PveVmDisk>();

        public PveVmNet[] Nets { get; set; } = Array.Empty<PveVmNet>();

        /// <summary>Every key with its value, as PVE stores it.</summary>
        public IReadOnlyDictionary<string, string> Keys { get; set; } = new Dictionary<string, string>();

        /// <summary>With -Pending: changes PVE applies at the next start (key → new value), and keys it will delete.</summary>
        public IReadOnlyDictionary<string, string> Pending { get; set; } = new Dictionary<string, string>();

        public string[] PendingDelete { get; set; } = Array.Empty<string>();

        /// <summary>Pass it back (Set-PveVmConfig takes it from the pipeline) so a change made by someone else in between is refused, not overwritten.</summary>
        public string? Digest { get; set; }

        public PveSession? Session { get; set; }

        public override string ToString() => Name == null ? $"guest {VmId} on {Node}" : $"{Name} ({VmId} on {Node})";

        /// <summary>From GET .../config: an object of key → value.</summary>
        internal static PveVmConfig FromConfig(JsonElement data, PveVm vm)
        {
            var keys = new SortedDictionary<string, string>(StringComparer.Ordinal);
            foreach (JsonProperty p in data.EnumerateObject())
            {
                keys[p.Name] = Text(p.Value);
            }

            return Build(vm, keys, new Dictionary<string, string>(), Array.Empty<string>());
        }

        /// <summary>
        /// From GET .../pending: entries of key, value, pending and delete. The typed fields and <see cref="Keys"/> are
        /// what the next start brings (pending values applied, pending deletes gone); <see cref="Pending"/> and
        /// <see cref="PendingDelete"/> say what differs from now.
        /// </summary>
        internal static PveVmConfig FromPending(JsonElement data, PveVm vm)
        {
            var keys = new SortedDictionary<string, string>(StringComparer.Ordinal);
            var pending = new SortedDictionary<string, string>(StringComparer.Ordinal);
            var deletes = new List<string>();
            foreach (JsonElement entry in data.EnumerateArray())
            {
                string key = JsonTree.String(entry, "key") ?? string.Empty;
                if (JsonTree.At(entry, "value") is JsonElement value)
                {
                    keys[key] = Text(value);
                }

                if (JsonTree.At(entry, "pending") is JsonElement change)
                {
                    pending[key] = Text(change);
                    keys[key] = pending[key];
                }

                if (JsonTree.Number(entry, "delete") is double d && d > 0)
                {
                    deletes.Add(key);
                    keys.Remove(key);
                }
            }

            return Build(vm, keys, pending, deletes.ToArray());
        }

        private static PveVmConfig Build(PveVm vm, IDictionary<string, string> keys, IDictionary<string, string> pending, string[] deletes)
        {
            string? Get(string key) => keys.TryGetValue(key, out string? v) ? v : null;
            string? digest = Get("digest");
            keys.Remove("digest");
            return new PveVmConfig
            {
                VmId = vm.VmId,
                Node = vm.Node,
                Type = vm.Type,
                Name = Get(vm.Type == PveGuestType.Lxc ? "hostname" : "name"),
                Description = Get("description"),
                Tags = (Get("tags") ?? string.Empty).Split(new[] { ';', ',', ' ' }, StringSplitOptions.RemoveEmptyEntries),
                Cores = Int(Get("cores")),
                Sockets = Int(Get("sockets")),
                // PVE 8.1 and later may write memory as a property string: "current=4096,...".
                Memory = Get("memory") is string memory ? (long?)Int(PropertyString.Parse(memory, "current").TryGetValue("current", out string? m) ? m : memory) : null,
                OsType = Get("ostype"),
                Boot = Get("boot"),
                Disks = keys.Where(k => DiskKey.IsMatch(k.Key)).Select(k => PveVmDisk.Parse(k.Key, k.Value, vm.Type)).ToArray(),
                Nets = keys.Where(k => NetKey.IsMatch(k.Key)).Select(k => PveVmNet.Parse(k.Key, k.Value, vm.Type)).ToArray(),
                Keys = new Dictionary<string, string>(keys, StringComparer.Ordinal),
                Pending = new Dictionary<string, string>(pending, StringComparer.Ordinal),
                PendingDelete = deletes,
                Digest = digest,
                Session = vm.Session,
            };
        }

        private static string Text(JsonElement value) => value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();

        private static int? Int(string? text) => int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) ? n : (int?)null;
    }

    /// <summary>A disk or mount point of a guest: scsi0, virtio1, efidisk0, rootfs, mp0, unused0, ...</summary>
    public sealed class PveVmDisk
    {
        public string Key { get; set; } = string.Empty;

        /// <summary>The volume (storage:volume, a path, or "none" for an empty CD drive).</summary>
        public string Volume { get; set; } = string.Empty;

        public string? Storage { get; set; }

        /// <summary>The size as PVE writes it ("32G"), and in bytes.</summary>
        public string? Size { get; set; }

        public long? SizeBytes { get; set; }

        /// <summary>cdrom for a CD drive; disk otherwise.</summary>
        public string Media { get; set; } = "disk";

        public IReadOnlyDictionary<string, string> Options { get; set; } = new Dictionary<string, string>();

        public override string ToString() => $"{Key}: {Volume}";

        internal static PveVmDisk Parse(string key, string value, PveGuestType type)
        {
            Dictionary<string, string> options = PropertyString.Parse(value, type == PveGuestType.Lxc ? "volume" : "file");
            string volumeKey = type == PveGuestType.Lxc ? "volume" : "file";
            string volume = options.TryGetValue(volumeKey, out string? v) ? v : string.Empty;
            options.Remove(volumeKey);
            options.TryGetValue("size", out string? size);
            int colon = volume.IndexOf(':');
            return new PveVmDisk
            {
                Key = key,
                Volume = volume,
                Storage = colon > 0 && !volume.StartsWith("/", StringComparison.Ordinal) ? volume.Substring(0, colon) : null,
                Size = size,
                SizeBytes = Bytes(size),
                Media = options.TryGetValue("media", out string? media) ? media : "disk",
                Options = options,
            };
        }

        /// <summary>PVE's sizes: a number with K, M, G or T (powers of 1024), bytes without.</summary>
        internal static long? Bytes(string? size)
        {
            if (string.IsNullOrEmpty(size))
            {
                return null;
            }

            char unit = char.ToUpperInvariant(size![size.Length - 1]);
            int shift = unit switch { 'K' => 10, 'M' => 20, 'G' => 30, 'T' => 40, _ => 0 };
            string number = shift == 0 ? size : size.Substring(0, size.Length - 1);
            return double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out double n) ? (long)(n * (1L << shift)) : (long?)null;
        }
    }

    /// <summary>A network device of a guest: net0, net1, ...</summary>
    public sealed class PveVmNet
    {
        private static readonly HashSet<string> QemuOptions = new HashSet<string>(StringComparer.Ordinal)
        {
            "bridge", "firewall", "link_down", "macaddr", "model", "mtu", "queues", "rate", "tag", "trunks",
        };

        public string Key { get; set; } = string.Empty;

        /// <summary>The device model (virtio, e1000, ...) of a VM; veth for a container.</summary>
        public string? Model { get; set; }

        public string? MacAddress { get; set; }

        public string? Bridge { get; set; }

        /// <summary>The VLAN tag.</summary>
        public int? Tag { get; set; }

        public bool Firewall { get; set; }

        /// <summary>A container's interface name (eth0) and addresses.</summary>
        public string? Name { get; set; }

        public string? IpAddress { get; set; }

        public IReadOnlyDictionary<string, string> Options { get; set; } = new Dictionary<string, string>();

        public override string ToString() => $"{Key}: {Model} {MacAddress} on {Bridge}";

        internal static PveVmNet Parse(string key, string value, PveGuestType type)
        {
            Dictionary<string, string> options = PropertyString.Parse(value, null);
            string? Get(string name) => options.TryGetValue(name, out string? v) ? v : null;
            string? model = Get(type == PveGuestType.Lxc ? "type" : "model");
            string? mac = Get(type == PveGuestType.Lxc ? "hwaddr" : "macaddr");
            if (type == PveGuestType.Qemu && model == null)
            {
                // PVE writes a VM's model and address as one pair: virtio=BC:24:11:...
                KeyValuePair<string, string> first = options.FirstOrDefault(o => !QemuOptions.Contains(o.Key));
                model = first.Key;
                mac = first.Value;
            }

            return new PveVmNet
            {
                Key = key,
                Model = model,
                MacAddress = mac,
                Bridge = Get("bridge"),
                Tag = int.TryParse(Get("tag"), NumberStyles.Integer, CultureInfo.InvariantCulture, out int tag) ? tag : (int?)null,
                Firewall = Get("firewall") == "1",
                Name = Get("name"),
                IpAddress = Get("ip"),
                Options = options,
            };
        }
    }

    /// <summary>PVE's property strings: "a,b=1,c=2", where the first item may have no key (<c>defaultKey</c>).</summary>
    internal static class PropertyString
    {
        public static Dictionary<string, string> Parse(string text, string? defaultKey)
        {
            var options = new Dictionary<string, string>(StringComparer.Ordinal);
            string[] items = text.Split(new[] { ',' }, StringSplitOptions.RemoveEmptyEntries);
            for (int i = 0; i < items.Length; i++)
            {
                int equals = items[i].IndexOf('=');
                if (equals < 0)
                {
                    if (i == 0 && defaultKey != null)
                    {
                        options[defaultKey] = items[i];
                    }

                    continue;
                }

                options[items[i].Substring(0, equals)] = items[i].Substring(equals + 1);
            }

            return options;
        }
    }
}
