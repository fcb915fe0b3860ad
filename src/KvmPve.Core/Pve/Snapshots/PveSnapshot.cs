using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using KvmPve.Json;

namespace KvmPve
{
    /// <summary>A snapshot of a guest (GET .../snapshot), with its place in the snapshot tree.</summary>
    public sealed class PveSnapshot
    {
        public int VmId { get; set; }

        public string Node { get; set; } = string.Empty;

        public PveGuestType Type { get; set; }

        public string Name { get; set; } = string.Empty;

        public string? Description { get; set; }

        public string? Parent { get; set; }

        public DateTime? SnapTime { get; set; }

        /// <summary>Whether the snapshot holds the VM's memory (qemu's vmstate).</summary>
        public bool IncludesMemory { get; set; }

        /// <summary>How deep in the tree: 0 for a snapshot without a parent.</summary>
        public int Depth { get; set; }

        /// <summary>Whether the guest's current state grew from this snapshot (PVE's "You are here").</summary>
        public bool IsCurrentParent { get; set; }

        public PveSession? Session { get; set; }

        public override string ToString() => $"{Name} of {VmId}";

        /// <summary>
        /// The snapshots of one guest in tree order (each parent before its children, siblings by time); PVE's
        /// <c>current</c> pseudo-entry is not a snapshot and only marks where the guest stands.
        /// </summary>
        internal static List<PveSnapshot> ListFrom(JsonElement data, PveVm vm)
        {
            string? currentParent = null;
            var all = new List<PveSnapshot>();
            foreach (JsonElement entry in data.EnumerateArray())
            {
                string name = JsonTree.String(entry, "name") ?? string.Empty;
                if (name == "current")
                {
                    currentParent = JsonTree.String(entry, "parent");
                    continue;
                }

                double? time = JsonTree.Number(entry, "snaptime");
                all.Add(new PveSnapshot
                {
                    VmId = vm.VmId,
                    Node = vm.Node,
                    Type = vm.Type,
                    Name = name,
                    Description = string.IsNullOrEmpty(JsonTree.String(entry, "description")) ? null : JsonTree.String(entry, "description")!.TrimEnd('\n'),
                    Parent = JsonTree.String(entry, "parent"),
                    SnapTime = time.HasValue ? DateTimeOffset.FromUnixTimeSeconds((long)time.Value).LocalDateTime : (DateTime?)null,
                    IncludesMemory = JsonTree.Flag(entry, "vmstate") == true,
                    Session = vm.Session,
                });
            }

            foreach (PveSnapshot snapshot in all)
            {
                snapshot.IsCurrentParent = snapshot.Name == currentParent;
            }

            var ordered = new List<PveSnapshot>(all.Count);
            var names = new HashSet<string>(all.Select(s => s.Name), StringComparer.Ordinal);
            void Visit(string? parent, int depth)
            {
                foreach (PveSnapshot child in all.Where(s => parent == null ? s.Parent == null || !names.Contains(s.Parent) : s.Parent == parent).OrderBy(s => s.SnapTime).ThenBy(s => s.Name, StringComparer.Ordinal))
                {
                    child.Depth = depth;
                    ordered.Add(child);
                    Visit(child.Name, depth + 1);
                }
            }

            Visit(null, 0);
            return ordered;
        }
    }
}
