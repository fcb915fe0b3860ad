using System.Management.Automation;
using KvmPve.Base;
using KvmPve.Errors;

namespace KvmPve.Commands.Pve
{
    /// <summary>
    /// The session's effective privileges (GET /access/permissions): on every path it has ACLs on, or on one path as
    /// PVE computes it there (inheritance and pools included). For an API token, what PVE reports for the token, which
    /// privilege separation narrows.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "PvePermission")]
    [OutputType(typeof(PvePrivilege))]
    public sealed class GetPvePermissionCommand : PveCmdlet
    {
        /// <summary>An ACL path (/, /vms/100, /storage/local, /pool/web): the privileges PVE computes there.</summary>
        [Parameter(Position = 0)]
        public string? Path { get; set; }

        protected override void ProcessRecord()
        {
            PveSession session = ResolveSession();
            try
            {
                if (Path != null)
                {
                    KvmPve.Pve.PveNames.CheckAclPath(Path);
                }

                WriteObject(Run(token => session.GetPermissionsAsync(Path, token)), true);
            }
            catch (KvmPveException ex)
            {
                WriteError(ex, Path);
            }
        }
    }
}
