using System.Management.Automation;
using KvmPve.Base;
using KvmPve.Errors;

namespace KvmPve.Commands.Pve
{
    /// <summary>Deletes snapshots of guests and waits until they are gone.</summary>
    [Cmdlet(VerbsCommon.Remove, "PveSnapshot", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = VmIdSet)]
    [OutputType(typeof(PveTask))]
    public sealed class RemovePveSnapshotCommand : PveSnapshotTaskCmdlet
    {
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        public string[]? Name { get; set; }

        // A removal is done when its task is: each guest's one after another, guests side by side.
        protected override bool Waits => true;

        protected override void ProcessRecord()
        {
            if (Name is not { Length: > 0 })
            {
                ThrowTerminatingError(ErrorRecords.Create("PveSnapshotNameMissing", ErrorCategory.InvalidArgument,
                    "Name the snapshots to remove with -Name (wildcards allowed), or pipe them from Get-PveSnapshot.", null));
            }

            PveSession session = ResolveSession();
            foreach (PveVm vm in Guests(session))
            {
                System.Collections.Generic.IReadOnlyList<PveSnapshot> snapshots;
                try
                {
                    snapshots = Run(token => session.GetSnapshotsAsync(vm, Name, e => Post(() => WriteError(e, vm)), token));
                }
                catch (KvmPveException ex)
                {
                    WriteError(ex, vm);
                    continue;
                }

                foreach (PveSnapshot snapshot in snapshots)
                {
                    if (ShouldProcessGuest(vm, $"Delete the snapshot '{snapshot.Name}'"))
                    {
                        StartTask(snapshot, token => session.RemoveSnapshotAsync(snapshot, token), GuestKey(vm.VmId));
                    }
                }
            }
        }
    }
}
