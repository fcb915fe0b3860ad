using System.Text.Json.Nodes;
using KvmPve.Pve;

namespace KvmPve.Simulator.Pve;

/// <summary>
/// PVE's permission model, enough to stage refusals: ACL entries per user or privilege-separated token (a role's
/// privileges on a path, propagating or not), GET /access/permissions as PVE answers it, and every request's schema
/// check (permissions.check) enforced with PVE's 403 text. root@pam (and its tokens) may do everything.
/// </summary>
public sealed partial class PveApi
{
    private void MapAccess() => Handle("GET", "/access/permissions", Permissions);

    /// <summary>The user, or for an API token the token id (user@realm!tokenid).</summary>
    private static string Principal(PveRequest request) => request.IsToken
        ? request.Context.Request.Headers.Authorization.ToString()["PVEAPIToken".Length..].TrimStart(' ', '=').Split('=')[0]
        : request.User!;

    /// <summary>Whose ACLs count: a privilege-separated token's own, otherwise its user's.</summary>
    private string AclOwner(string principal) =>
        principal.Contains('!') && !Options.PrivilegeSeparated.Contains(principal) ? principal[..principal.IndexOf('!')] : principal;

    private bool IsRoot(string principal) => AclOwner(principal) == "root@pam";

    /// <summary>The privileges held on a path: its own ACL entries, else the nearest parent's that propagate (PVE's inheritance).</summary>
    internal ISet<string> PrivilegesAt(string principal, string path)
    {
        List<SimAcl> acls = Options.Acls.TryGetValue(AclOwner(principal), out List<SimAcl>? list) ? list : [];
        string at = path.Length > 1 ? path.TrimEnd('/') : path;
        bool own = true;
        while (true)
        {
            SimAcl[] here = acls.Where(a => a.Path == at && (own || a.Propagate)).ToArray();
            if (here.Length > 0 || acls.Any(a => a.Path == at))
            {
                return here.SelectMany(a => a.Privileges).ToHashSet(StringComparer.Ordinal);
            }

            if (at == "/")
            {
                return new HashSet<string>(StringComparer.Ordinal);
            }

            int cut = at.LastIndexOf('/');
            at = cut <= 0 ? "/" : at[..cut];
            own = false;
        }
    }

    /// <summary>PVE's 403 for a request its schema check refuses, written; false when it may go on.</summary>
    private async Task<bool> ForbiddenAsync(HttpContext context, PveSchemaMethod method, Dictionary<string, List<string>> parameters, PveRequest request)
    {
        string principal = Principal(request);
        if (IsRoot(principal) || Options.WithoutPrivileges.Contains(request.User!))
        {
            return false;
        }

        Dictionary<string, string> values = parameters.ToDictionary(p => p.Key, p => p.Value[0], StringComparer.Ordinal);
        PvePermissionVerdict verdict = PvePermissionCheck.Evaluate(method.Permissions, values, path => PrivilegesAt(principal, path));
        if (verdict.Outcome != PvePermissionOutcome.Denied)
        {
            return false;
        }

        // PVE::RPCEnvironment: the first missing privilege, or all of an "any" list joined by '|'.
        await PveResponse.Error(context, 403, $"Permission check failed ({verdict.Path}, {(verdict.Any ? string.Join("|", verdict.Missing) : verdict.Missing[0])})");
        return true;
    }

    private Task Permissions(PveRequest request)
    {
        string principal = Principal(request);
        var data = new JsonObject();
        if (Options.WithoutPrivileges.Contains(request.User!))
        {
            return PveResponse.Data(request.Context, data);
        }

        if (request.Get("path") is string path)
        {
            IEnumerable<string> held = IsRoot(principal) ? AllPrivileges : PrivilegesAt(principal, path);
            data[path] = new JsonObject(held.Order(StringComparer.Ordinal).Select(p => KeyValuePair.Create(p, (JsonNode?)1)));
            return PveResponse.Data(request.Context, data);
        }

        if (IsRoot(principal))
        {
            data["/"] = new JsonObject(AllPrivileges.Select(p => KeyValuePair.Create(p, (JsonNode?)1)));
            return PveResponse.Data(request.Context, data);
        }

        List<SimAcl> acls = Options.Acls.TryGetValue(AclOwner(principal), out List<SimAcl>? list) ? list : [];
        foreach (IGrouping<string, SimAcl> entries in acls.GroupBy(a => a.Path))
        {
            var privileges = new JsonObject();
            foreach (SimAcl acl in entries)
            {
                foreach (string privilege in acl.Privileges)
                {
                    privileges[privilege] = acl.Propagate || privileges[privilege]?.GetValue<int>() == 1 ? 1 : 0;
                }
            }

            data[entries.Key] = privileges;
        }

        return PveResponse.Data(request.Context, data);
    }

    /// <summary>Every privilege PVE's schema names (what root holds).</summary>
    private static readonly string[] AllPrivileges = SimRoles.Administrator;
}

/// <summary>One ACL entry: a role's privileges on a path for a user or a privilege-separated token.</summary>
public sealed record SimAcl(string Path, string[] Privileges, bool Propagate = true);

/// <summary>PVE's built-in roles the simulator's users hold (pve-access-control PVE/AccessControl.pm).</summary>
public static class SimRoles
{
    public static readonly string[] Auditor = ["Datastore.Audit", "Mapping.Audit", "Pool.Audit", "SDN.Audit", "Sys.Audit", "VM.Audit", "VM.GuestAgent.Audit"];

    public static readonly string[] VmUser = ["VM.Audit", "VM.Backup", "VM.Config.CDROM", "VM.Config.Cloudinit", "VM.Console", "VM.GuestAgent.Audit", "VM.PowerMgmt"];

    public static readonly string[] Administrator =
    [
        "Datastore.Allocate", "Datastore.AllocateSpace", "Datastore.AllocateTemplate", "Datastore.Audit", "Group.Allocate", "Mapping.Audit", "Mapping.Modify",
        "Mapping.Use", "Permissions.Modify", "Pool.Allocate", "Pool.Audit", "Realm.Allocate", "Realm.AllocateUser", "SDN.Allocate", "SDN.Audit", "SDN.Use",
        "Sys.AccessNetwork", "Sys.Audit", "Sys.Console", "Sys.Incoming", "Sys.Modify", "Sys.PowerMgmt", "Sys.Syslog", "User.Modify", "VM.Allocate", "VM.Audit",
        "VM.Backup", "VM.Clone", "VM.Config.CDROM", "VM.Config.CPU", "VM.Config.Cloudinit", "VM.Config.Disk", "VM.Config.HWType", "VM.Config.Memory",
        "VM.Config.Network", "VM.Config.Options", "VM.Console", "VM.GuestAgent.Audit", "VM.GuestAgent.FileRead", "VM.GuestAgent.FileSystemMgmt",
        "VM.GuestAgent.FileWrite", "VM.GuestAgent.Unrestricted", "VM.Migrate", "VM.PowerMgmt", "VM.Replicate", "VM.Snapshot", "VM.Snapshot.Rollback",
    ];
}
