using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using KvmPve.Base;

namespace KvmPve.Commands.Pve
{
    /// <summary>
    /// Adds a disk to guests: a new empty volume of -Size on -Storage, or one imported from a volume (-ImportFrom: a
    /// cloud image uploaded with Add-PveStorageContent -Content import, or another guest's disk). A VM's disk is added
    /// in a task (an import takes time), waited for with -Wait.
    /// </summary>
    [Cmdlet(VerbsCommon.Add, "PveVmDisk", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = NameSet)]
    [OutputType(typeof(PveTask))]
    public sealed class AddPveVmDiskCommand : PveGuestTaskCmdlet
    {
        /// <summary>The new disk's key: scsi1, virtio2, mp0, ...</summary>
        [Parameter(Mandatory = true)]
        public string Disk { get; set; } = string.Empty;

        [Parameter(Mandatory = true)]
        public string Storage { get; set; } = string.Empty;

        [Parameter]
        public string? Size { get; set; }

        /// <summary>A volume to import the disk from (local:import/debian-12.qcow2, or another guest's disk).</summary>
        [Parameter]
        public string? ImportFrom { get; set; }

        /// <summary>More of the disk's options (discard = 'on', ssd = 1, mp = '/data' for a container's mount point, ...).</summary>
        [Parameter]
        public Hashtable? Option { get; set; }

        protected override string Activity => $"Adding {Disk}: waiting for the tasks";

        protected override void BeginProcessing()
        {
            CheckFirst(() => PveSession.DiskAllocation(Storage, Size, ImportFrom, null), Disk);
            base.BeginProcessing();
        }

        protected override void ProcessRecord()
        {
            PveSession session = ResolveSession();
            Dictionary<string, string>? options = Option?.Cast<DictionaryEntry>().ToDictionary(e => e.Key.ToString()!, e => PSObjectBuilder.Unwrap(e.Value)?.ToString() ?? string.Empty);
            foreach (PveVm vm in Guests(session))
            {
                if (ShouldProcessGuest(vm, ImportFrom != null ? $"Add {Disk} on {Storage}, imported from {ImportFrom}" : $"Add {Disk}, {Size} on {Storage}"))
                {
                    StartTask(vm, token => session.AddDiskAsync(vm, Disk, Storage, Size, ImportFrom, options, token), "vm/" + vm.VmId);
                }
            }
        }
    }
}
