using System.Management.Automation;
using KvmPve.Base;

namespace KvmPve.Commands.Pve
{
    /// <summary>
    /// Moves a guest's disk to another storage (qemu move_disk, lxc move_volume), or gives it to another guest
    /// (-TargetVmId). The disk is checked first; with -Wait the task is waited for.
    /// </summary>
    [Cmdlet(VerbsCommon.Move, "PveVmDisk", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = NameSet)]
    [OutputType(typeof(PveTask))]
    public sealed class MovePveVmDiskCommand : PveGuestTaskCmdlet
    {
        [Parameter(Mandatory = true)]
        public string Disk { get; set; } = string.Empty;

        [Parameter]
        public string? Storage { get; set; }

        [Parameter]
        [ValidateSet("raw", "qcow2", "vmdk")]
        public string? Format { get; set; }

        /// <summary>Delete the source volume once copied (otherwise it stays as an unused disk).</summary>
        [Parameter]
        public SwitchParameter DeleteSource { get; set; }

        [Parameter]
        [ValidateRange(100, 999999999)]
        public int? TargetVmId { get; set; }

        /// <summary>The key the disk gets on the target guest; the same key by default.</summary>
        [Parameter]
        public string? TargetDisk { get; set; }

        protected override string Activity => $"Moving {Disk}: waiting for the tasks";

        protected override System.Collections.Generic.IReadOnlyDictionary<string, string> RequestParameters
        {
            get
            {
                var values = new System.Collections.Generic.Dictionary<string, string>();
                if (Storage != null)
                {
                    values["storage"] = Storage;
                }

                if (TargetVmId is int target)
                {
                    values["target-vmid"] = target.ToString(System.Globalization.CultureInfo.InvariantCulture);
                }

                return values;
            }
        }

        protected override void ProcessRecord()
        {
            PveSession session = ResolveSession();
            var move = new PveDiskMove { Storage = Storage, Format = Format, DeleteSource = DeleteSource, TargetVmId = TargetVmId, TargetDisk = TargetDisk };
            foreach (PveVm vm in Guests(session))
            {
                if (ShouldProcessGuest(vm, TargetVmId is int target ? $"Give {Disk} to guest {target}" : $"Move {Disk} to {Storage}{(DeleteSource ? " and delete the source" : string.Empty)}"))
                {
                    StartTask(vm, token => session.MoveDiskAsync(vm, Disk, move, token), "vm/" + vm.VmId);
                }
            }
        }
    }
}
