using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using KvmPve.Base;
using KvmPve.Errors;

namespace KvmPve.Commands.Pve
{
    /// <summary>
    /// Whether the session holds privileges on an ACL path, or whether a KvmPve cmdlet would be allowed for a guest
    /// (by the check PVE's schema gives its request, as the preflight makes it): true or false with what is missing.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "PvePermission", DefaultParameterSetName = PrivilegeSet)]
    [OutputType(typeof(PvePermissionTest))]
    public sealed class TestPvePermissionCommand : PveCmdlet
    {
        private const string PrivilegeSet = "Privilege";
        private const string CommandSet = "Command";

        // A cmdlet's parameters → PVE's names in the request the check reads.
        private static readonly Dictionary<string, string> RequestNames = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["NewId"] = "newid", ["Pool"] = "pool", ["TargetNode"] = "target", ["Storage"] = "storage",
        };

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = PrivilegeSet)]
        public string Path { get; set; } = string.Empty;

        [Parameter(Mandatory = true, Position = 1, ParameterSetName = PrivilegeSet)]
        [ArgumentCompleter(typeof(Completion.PvePrivilegeCompleter))]
        public string[] Privilege { get; set; } = Array.Empty<string>();

        /// <summary>One of the privileges is enough (PVE's "any").</summary>
        [Parameter(ParameterSetName = PrivilegeSet)]
        public SwitchParameter Any { get; set; }

        /// <summary>A KvmPve cmdlet that acts on a guest: Start-PveVm, Copy-PveVm, Set-PveVmConfig, ...</summary>
        [Parameter(Mandatory = true, ParameterSetName = CommandSet)]
        [ArgumentCompleter(typeof(Completion.PveCommandCompleter))]
        public string Command { get; set; } = string.Empty;

        /// <summary>The cmdlet's arguments: the guest (VmId or Name) and what the check reads (NewId, Pool, TargetNode).</summary>
        [Parameter(ParameterSetName = CommandSet)]
        public Hashtable? Parameter { get; set; }

        protected override void ProcessRecord()
        {
            PveSession session = ResolveSession();
            try
            {
                if (ParameterSetName == PrivilegeSet)
                {
                    WriteObject(Run(token => session.TestPrivilegesAsync(Path, Privilege, Any, token)));
                    return;
                }

                Hashtable given = Parameter ?? new Hashtable();
                var values = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (DictionaryEntry entry in given)
                {
                    if (RequestNames.TryGetValue(entry.Key.ToString()!, out string? name) && entry.Value != null)
                    {
                        values[name] = PSObjectBuilder.Unwrap(entry.Value)!.ToString()!;
                    }
                }

                foreach (PveVm vm in Guest(session, given))
                {
                    WriteObject(Run(token => session.TestCommandAsync(Command, vm, values, token)));
                }
            }
            catch (KvmPveException ex)
            {
                WriteError(ex, ParameterSetName == PrivilegeSet ? (object)Path : Command);
            }
        }

        // The guest of -Parameter: VmId, or Name (VmName for the snapshot and agent cmdlets).
        private IReadOnlyList<PveVm> Guest(PveSession session, Hashtable given)
        {
            object? id = PSObjectBuilder.Unwrap(given["VmId"]);
            object? name = PSObjectBuilder.Unwrap(given["VmName"] ?? (given["VmId"] == null ? given["Name"] : null));
            if (id == null && name == null)
            {
                throw KvmPveException.Invalid("PveGuestMissing", $"-Parameter names no guest: give @{{ VmId = 100 }} or @{{ Name = 'web01' }} for {Command}.");
            }

            int[]? ids = id == null ? null : LanguagePrimitives.ConvertTo<int[]>(id);
            string[]? names = name == null ? null : LanguagePrimitives.ConvertTo<string[]>(name);
            return ResolveGuests(session, ids, names, null, null) ?? Array.Empty<PveVm>();
        }
    }
}
