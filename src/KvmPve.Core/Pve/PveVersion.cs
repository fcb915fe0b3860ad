using System.Text.Json;
using KvmPve.Json;

namespace KvmPve
{
    /// <summary>GET /version: the PVE version of the node answering.</summary>
    public sealed class PveVersion
    {
        /// <summary>For example 9.1.1.</summary>
        public string? Version { get; set; }

        /// <summary>For example 9.1.</summary>
        public string? Release { get; set; }

        public string? RepoId { get; set; }

        public PveSession? Session { get; set; }

        internal static PveVersion From(JsonElement data, PveSession session) => new PveVersion
        {
            Version = JsonTree.String(data, "version"),
            Release = JsonTree.String(data, "release"),
            RepoId = JsonTree.String(data, "repoid"),
            Session = session,
        };
    }
}
