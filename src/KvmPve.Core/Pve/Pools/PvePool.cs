using System;
using System.Linq;
using System.Text.Json;
using KvmPve.Json;

namespace KvmPve
{
    /// <summary>A resource pool: guests and storages grouped for permissions and overview.</summary>
    public sealed class PvePool
    {
        public string Name { get; set; } = string.Empty;

        public string? Comment { get; set; }

        public PvePoolMember[] Members { get; set; } = Array.Empty<PvePoolMember>();

        public PveSession? Session { get; set; }

        public override string ToString() => Name;

        /// <summary>From GET /pools?poolid= (PVE 9.1): {poolid, comment, members: [cluster resource entries]}.</summary>
        internal static PvePool From(JsonElement pool, PveSession session)
        {
            string name = JsonTree.String(pool, "poolid") ?? string.Empty;
            return new PvePool
            {
                Name = name,
                Comment = JsonTree.String(pool, "comment"),
                Members = JsonTree.At(pool, "members") is JsonElement members && members.ValueKind == JsonValueKind.Array
                    ? members.EnumerateArray().Select(m => PvePoolMember.From(m, name, session)).ToArray()
                    : Array.Empty<PvePoolMember>(),
                Session = session,
            };
        }
    }

    /// <summary>A guest or storage in a pool.</summary>
    public sealed class PvePoolMember
    {
        public string Pool { get; set; } = string.Empty;

        /// <summary>qemu, lxc or storage.</summary>
        public string Type { get; set; } = string.Empty;

        public int? VmId { get; set; }

        public string? Name { get; set; }

        public string Node { get; set; } = string.Empty;

        public string? Storage { get; set; }

        public string? Status { get; set; }

        public PveSession? Session { get; set; }

        public override string ToString() => Storage ?? (Name == null ? $"{VmId}" : $"{Name} ({VmId})");

        internal static PvePoolMember From(JsonElement member, string pool, PveSession session) => new PvePoolMember
        {
            Pool = pool,
            Type = JsonTree.String(member, "type") ?? string.Empty,
            VmId = JsonTree.Number(member, "vmid") is double id ? (int)id : (int?)null,
            Name = JsonTree.String(member, "name"),
            Node = JsonTree.String(member, "node") ?? string.Empty,
            Storage = JsonTree.String(member, "storage"),
            Status = JsonTree.String(member, "status"),
            Session = session,
        };
    }
}
