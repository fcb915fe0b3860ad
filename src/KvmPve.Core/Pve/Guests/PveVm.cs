using System;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using KvmPve.Json;

namespace KvmPve
{
    /// <summary>A guest (VM or container) anywhere in the cluster, from GET /cluster/resources?type=vm.</summary>
    public sealed class PveVm
    {
        public int VmId { get; set; }

        public string? Name { get; set; }

        public string Node { get; set; } = string.Empty;

        public PveGuestType Type { get; set; }

        /// <summary>running, stopped, paused (qemu), suspended, unknown.</summary>
        public string? Status { get; set; }

        public double? Cpu { get; set; }

        public double? MaxCpu { get; set; }

        public long? Memory { get; set; }

        public long? MaxMemory { get; set; }

        public long? Disk { get; set; }

        public long? MaxDisk { get; set; }

        public TimeSpan? Uptime { get; set; }

        public string[] Tags { get; set; } = Array.Empty<string>();

        public bool Template { get; set; }

        public string? Pool { get; set; }

        /// <summary>A lock such as backup, migrate or snapshot, when one is held.</summary>
        public string? Lock { get; set; }

        /// <summary>The HA state (started, stopped, …) when the guest is HA-managed: power requests then only queue.</summary>
        public string? HaState { get; set; }

        public PveSession? Session { get; set; }

        public override string ToString() => Name == null ? $"guest {VmId} on {Node}" : $"{Name} ({VmId} on {Node})";

        internal static PveVm From(JsonElement data, PveSession session)
        {
            double? uptime = JsonTree.Number(data, "uptime");
            return new PveVm
            {
                // vmid is an integer on /cluster/resources but a string on /nodes/{node}/lxc: read both.
                VmId = int.Parse(JsonTree.String(data, "vmid") ?? "0", NumberStyles.Integer, CultureInfo.InvariantCulture),
                Name = JsonTree.String(data, "name"),
                Node = JsonTree.String(data, "node") ?? string.Empty,
                Type = JsonTree.String(data, "type") == "lxc" ? PveGuestType.Lxc : PveGuestType.Qemu,
                Status = JsonTree.String(data, "status"),
                Cpu = JsonTree.Number(data, "cpu"),
                MaxCpu = JsonTree.Number(data, "maxcpu"),
                Memory = (long?)JsonTree.Number(data, "mem"),
                MaxMemory = (long?)JsonTree.Number(data, "maxmem"),
                Disk = (long?)JsonTree.Number(data, "disk"),
                MaxDisk = (long?)JsonTree.Number(data, "maxdisk"),
                Uptime = uptime.HasValue ? TimeSpan.FromSeconds(uptime.Value) : (TimeSpan?)null,
                Tags = (JsonTree.String(data, "tags") ?? string.Empty).Split(new[] { ';', ',', ' ' }, StringSplitOptions.RemoveEmptyEntries).ToArray(),
                // 0/1 from PVE; a JSON boolean from anything else.
                Template = JsonTree.Flag(data, "template") == true,
                Pool = JsonTree.String(data, "pool"),
                Lock = JsonTree.String(data, "lock"),
                HaState = JsonTree.At(data, "hastate") is JsonElement ha ? JsonTree.String(ha) : null,
                Session = session,
            };
        }
    }
}
