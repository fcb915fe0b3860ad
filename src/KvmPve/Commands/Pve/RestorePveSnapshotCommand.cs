using System.Linq;
using System.Management.Automation;
using KvmPve.Base;
using KvmPve.Errors;

namespace KvmPve.Commands.Pve
{
    /// <summary>Rolls guests back to a snapshot and waits until it is done.</summary>
    [Cmdlet(VerbsData.Restore, "PveSnapshot", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = VmIdSet)]
    [OutputType(typeof(PveTask))]
    public sealed class RestorePveSnapshotCommand : PveSnapshotTaskCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        public string Name { get; set; } = string.Empty;

        [Parameter]
        public SwitchParameter Start { get; set; }

        // A rollback is done when its task is; guests side by side.
        protected override bool Waits => true;

        protected override void ProcessRecord()
        {
            PveSession session = ResolveSession();
            try
            {
                PveSession.CheckSnapshotName(Name);
            }
            catch (KvmPveException ex)
            {
                WriteError(ex, Name);
                return;
            }

            foreach (PveVm vm in Guests(session))
            {
                PveSnapshot? snapshot;
                try
                {
                    snapshot = Run(token => session.GetSnapshotsAsync(vm, new[] { Name }, e => Post(() => WriteError(e, vm)), token)).FirstOrDefault();
                }
                catch (KvmPveException ex)
                {
                    WriteError(ex, vm);
                    continue;
                }

                if (snapshot != null && ShouldProcessGuest(vm, $"Roll back to snapshot '{snapshot.Name}' (what changed since is lost){(Start ? ", then start" : string.Empty)}"))
                {
                    StartTask(snapshot, token => session.RollbackSnapshotAsync(snapshot, Start, token), GuestKey(vm.VmId));
                }
            }
        }
    }
}
