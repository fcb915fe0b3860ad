using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using KvmPve.Json;

namespace KvmPve
{
    /// <summary>One entry of GET /cluster/status: the cluster itself (quorum, node count) or one of its nodes.</summary>
    public sealed class PveClusterStatus
    {
        /// <summary>"cluster" or "node".</summary>
        public string Type { get; set; } = string.Empty;

        public string Name { get; set; } = string.Empty;

        public string Id { get; set; } = string.Empty;

        /// <summary>Node entries: corosync's node id; whether it is online; whether it answered this request.</summary>
        public int? NodeId { get; set; }

        public bool? Online { get; set; }

        public bool? Local { get; set; }

        public string? Ip { get; set; }

        /// <summary>The subscription level, empty without one.</summary>
        public string? Level { get; set; }

        /// <summary>Cluster entry: whether it has quorum, how many nodes (offline ones too), the config version.</summary>
        public bool? Quorate { get; set; }

        public int? Nodes { get; set; }

        public int? Version { get; set; }

        public PveSession? Session { get; set; }

        public override string ToString() => $"{Type} {Name}";

        /// <summary>The cluster entry first, then the nodes by name; PVE's booleans come as 0/1.</summary>
        internal static List<PveClusterStatus> ListFrom(JsonElement data, PveSession session)
        {
            int? Integer(JsonElement e, string name) => JsonTree.Number(e, name) is double d ? (int)d : (int?)null;
            return data.EnumerateArray().Select(e => new PveClusterStatus
            {
                Type = JsonTree.String(e, "type") ?? string.Empty,
                Name = JsonTree.String(e, "name") ?? string.Empty,
                Id = JsonTree.String(e, "id") ?? string.Empty,
                NodeId = Integer(e, "nodeid"),
                Online = JsonTree.Flag(e, "online"),
                Local = JsonTree.Flag(e, "local"),
                Ip = JsonTree.String(e, "ip"),
                Level = JsonTree.String(e, "level"),
                Quorate = JsonTree.Flag(e, "quorate"),
                Nodes = Integer(e, "nodes"),
                Version = Integer(e, "version"),
                Session = session,
            }).OrderBy(s => s.Type == "cluster" ? 0 : 1).ThenBy(s => s.Name, System.StringComparer.Ordinal).ToList();
        }
    }
}
