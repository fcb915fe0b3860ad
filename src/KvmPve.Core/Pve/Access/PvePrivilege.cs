using System.Collections.Generic;
using System.Linq;
using System.Text.Json;

namespace KvmPve
{
    /// <summary>One privilege the session holds on an ACL path (GET /access/permissions).</summary>
    public sealed class PvePrivilege
    {
        public string Path { get; set; } = string.Empty;

        public string Privilege { get; set; } = string.Empty;

        /// <summary>Whether it holds on the paths below too.</summary>
        public bool Propagate { get; set; }

        /// <summary>Who holds it: user@realm, or user@realm!tokenid for an API token.</summary>
        public string UserName { get; set; } = string.Empty;

        public PveSession? Session { get; set; }

        public override string ToString() => $"{Privilege} on {Path}";

        /// <summary>From PVE's answer: path → { privilege → 1 (propagates) or 0 }.</summary>
        internal static List<PvePrivilege> From(JsonElement data, PveSession session) =>
            data.ValueKind != JsonValueKind.Object ? new List<PvePrivilege>()
            : data.EnumerateObject().SelectMany(path => path.Value.ValueKind != JsonValueKind.Object ? Enumerable.Empty<PvePrivilege>()
                : path.Value.EnumerateObject().Select(p => new PvePrivilege
                {
                    Path = path.Name,
                    Privilege = p.Name,
                    Propagate = p.Value.ValueKind == JsonValueKind.True || (p.Value.ValueKind == JsonValueKind.Number && p.Value.GetDouble() != 0),
                    UserName = session.UserName,
                    Session = session,
                }))
                .OrderBy(p => p.Path, System.StringComparer.Ordinal).ThenBy(p => p.Privilege, System.StringComparer.Ordinal).ToList();
    }

    /// <summary>What Test-PvePermission found: allowed or not, and what is missing where.</summary>
    public sealed class PvePermissionTest
    {
        public bool Allowed { get; set; }

        /// <summary>The request the answer is about, such as POST /nodes/{node}/qemu/{vmid}/status/start.</summary>
        public string Request { get; set; } = string.Empty;

        public string? Path { get; set; }

        public string[] Missing { get; set; } = System.Array.Empty<string>();

        /// <summary>True when one of <see cref="Missing"/> would do.</summary>
        public bool AnyOf { get; set; }

        /// <summary>False when PVE's check has a form not evaluated here: then Allowed is true and PVE decides.</summary>
        public bool Evaluated { get; set; } = true;

        public string UserName { get; set; } = string.Empty;

        public override string ToString() => Allowed ? $"allowed: {Request}" : $"refused: {Request} needs {(AnyOf ? "one of " : string.Empty)}{string.Join(", ", Missing)} on {Path}";
    }
}
