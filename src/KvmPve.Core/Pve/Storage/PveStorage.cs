using System;
using System.Globalization;
using System.Text.Json;
using KvmPve.Json;

namespace KvmPve
{
    /// <summary>A storage as one node sees it (GET /nodes/{node}/storage): a shared storage is listed once per node.</summary>
    public sealed class PveStorage
    {
        public string Name { get; set; } = string.Empty;

        public string Node { get; set; } = string.Empty;

        /// <summary>dir, lvmthin, nfs, zfspool, pbs, ...</summary>
        public string? Type { get; set; }

        /// <summary>What it holds: iso, vztmpl, backup, images, rootdir, snippets, import.</summary>
        public string[] Content { get; set; } = Array.Empty<string>();

        public bool Enabled { get; set; }

        public bool Active { get; set; }

        public bool Shared { get; set; }

        /// <summary>Bytes.</summary>
        public long? Used { get; set; }

        public long? Total { get; set; }

        public long? Available { get; set; }

        public PveSession? Session { get; set; }

        public override string ToString() => $"{Name} on {Node}";

        internal static PveStorage From(JsonElement data, string node, PveSession session) => new PveStorage
        {
            Name = JsonTree.String(data, "storage") ?? string.Empty,
            Node = node,
            Type = JsonTree.String(data, "type"),
            Content = (JsonTree.String(data, "content") ?? string.Empty).Split(new[] { ',' }, StringSplitOptions.RemoveEmptyEntries),
            // PVE leaves enabled/active out when false on some versions, and sends 0/1 otherwise.
            Enabled = JsonTree.Flag(data, "enabled") != false,
            Active = JsonTree.Flag(data, "active") == true,
            Shared = JsonTree.Flag(data, "shared") == true,
            Used = (long?)JsonTree.Number(data, "used"),
            Total = (long?)JsonTree.Number(data, "total"),
            Available = (long?)JsonTree.Number(data, "avail"),
            Session = session,
        };
    }

    /// <summary>A volume on a storage (GET .../content): an ISO, a template, a backup archive, a disk image.</summary>
    public sealed class PveStorageItem
    {
        /// <summary>storage:content/name, for example local:iso/debian-12.iso.</summary>
        public string VolId { get; set; } = string.Empty;

        public string Storage { get; set; } = string.Empty;

        public string Node { get; set; } = string.Empty;

        public string? Content { get; set; }

        public string? Format { get; set; }

        /// <summary>Bytes.</summary>
        public long? Size { get; set; }

        public DateTime? CreatedAt { get; set; }

        /// <summary>The guest the volume belongs to (disk images, backups).</summary>
        public int? VmId { get; set; }

        public string? Notes { get; set; }

        public bool Protected { get; set; }

        /// <summary>The last verification's state (Proxmox Backup Server storages).</summary>
        public string? Verification { get; set; }

        public PveSession? Session { get; set; }

        /// <summary>The name after storage:content/.</summary>
        public string Name => VolId.Substring(VolId.IndexOf('/') + 1);

        public override string ToString() => VolId;

        internal static PveStorageItem From(JsonElement data, string storage, string node, PveSession session)
        {
            double? ctime = JsonTree.Number(data, "ctime");
            double? vmid = JsonTree.Number(data, "vmid");
            return new PveStorageItem
            {
                VolId = JsonTree.String(data, "volid") ?? string.Empty,
                Storage = storage,
                Node = node,
                Content = JsonTree.String(data, "content"),
                Format = JsonTree.String(data, "format"),
                Size = (long?)JsonTree.Number(data, "size"),
                CreatedAt = ctime.HasValue ? DateTimeOffset.FromUnixTimeSeconds((long)ctime.Value).LocalDateTime : (DateTime?)null,
                VmId = vmid.HasValue ? (int)vmid.Value : (int?)null,
                Notes = JsonTree.String(data, "notes"),
                Protected = JsonTree.Flag(data, "protected") == true,
                Verification = JsonTree.String(data, "verification", "state"),
                Session = session,
            };
        }
    }
}
