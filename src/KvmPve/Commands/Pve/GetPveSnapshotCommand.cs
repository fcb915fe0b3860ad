using System.Management.Automation;
using KvmPve.Base;
using KvmPve.Errors;

namespace KvmPve.Commands.Pve
{
    /// <summary>The snapshots of guests, in tree order.</summary>
    [Cmdlet(VerbsCommon.Get, "PveSnapshot", DefaultParameterSetName = VmIdSet)]
    [OutputType(typeof(PveSnapshot))]
    public sealed class GetPveSnapshotCommand : PveSnapshotCmdlet
    {
        [Parameter(Position = 0)]
        [SupportsWildcards]
        public string[]? Name { get; set; }

        protected override void ProcessRecord()
        {
            PveSession session = ResolveSession();
            foreach (PveVm vm in Guests(session))
            {
                try
                {
                    WriteObject(Run(token => session.GetSnapshotsAsync(vm, Name, e => Post(() => WriteError(e, vm)), token)), true);
                }
                catch (KvmPveException ex)
                {
                    WriteError(ex, vm);
                }
            }
        }
    }
}
