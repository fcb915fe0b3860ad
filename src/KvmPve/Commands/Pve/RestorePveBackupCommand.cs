using System.Management.Automation;
using KvmPve.Base;
using KvmPve.Errors;

namespace KvmPve.Commands.Pve
{
    /// <summary>
    /// Restores backup archives (from Get-PveBackup on the pipeline, or -VolId) as new guests with the next free VMID,
    /// or over an existing stopped guest with -VmId and -Force. Several archives restore side by side with -Wait; the
    /// restored guest is written once its lock is gone.
    /// </summary>
    [Cmdlet(VerbsData.Restore, "PveBackup", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(PveTask), typeof(PveVm))]
    public sealed class RestorePveBackupCommand : PveCmdlet
    {
        private TaskStarter? _tasks;

        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        public string VolId { get; set; } = string.Empty;

        /// <summary>The restored guest's VMID; the next free one by default.</summary>
        [Parameter]
        [ValidateRange(100, 999999999)]
        public int? VmId { get; set; }

        /// <summary>With -VmId: replace that guest (a stopped one only).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? Node { get; set; }

        /// <summary>Where the disks go; the backed-up storages by default.</summary>
        [Parameter]
        public string? Storage { get; set; }

        /// <summary>New MAC addresses, so the restored guest does not clash with the original.</summary>
        [Parameter]
        public SwitchParameter Unique { get; set; }

        /// <summary>Start the VM while its data is restored (a VM's archive on a Proxmox Backup Server).</summary>
        [Parameter]
        public SwitchParameter LiveRestore { get; set; }

        [Parameter]
        public SwitchParameter Start { get; set; }

        [Parameter]
        public SwitchParameter Wait { get; set; }

        [Parameter]
        [ValidateRange(1, 256)]
        public int ThrottleLimit { get; set; } = 4;

        /// <summary>With -Wait: how long each restore is waited for before an OperationTimeout error (it goes on on PVE).</summary>
        [Parameter]
        [ValidateRange(1, 604800)]
        public int WaitTimeoutSec { get; set; } = 3600;

        protected override void BeginProcessing() => _tasks = new TaskStarter(this, Wait, ThrottleLimit, "Restoring: waiting for the tasks", WaitTimeoutSec);

        protected override void EndProcessing() => _tasks!.Finish();

        protected override void ProcessRecord()
        {
            PveSession session = ResolveSession();
            try
            {
                PveSession.ArchiveOf(VolId);
            }
            catch (KvmPveException ex)
            {
                WriteError(ex, VolId);
                return;
            }

            if (Force && VmId == null)
            {
                WriteError(KvmPveException.Invalid("PveForceWithoutVmId", "-Force replaces the guest named by -VmId; give -VmId, or leave out -Force for a new guest."), VolId);
                return;
            }

            string target = VmId is int id ? (Force ? $"guest {id} (replaced)" : $"VMID {id}") : "a new guest with the next free VMID";
            if (!ShouldProcess(VolId, $"Restore as {target}{(Node == null ? string.Empty : " on " + Node)}"))
            {
                return;
            }

            var options = new PveRestoreOptions { VmId = VmId, Force = Force, Node = Node, Storage = Storage, Unique = Unique, LiveRestore = LiveRestore, Start = Start };
            PveTask? started = null;
            _tasks!.Start(VolId, async token => started = await session.RestoreAsync(VolId, options, token).ConfigureAwait(false),
                outcome: (task, token) => session.GuestReadyAsync(started!.NewVmId!.Value, null, token));
        }
    }
}
