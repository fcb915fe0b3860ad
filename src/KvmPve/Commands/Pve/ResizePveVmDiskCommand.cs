using System.Management.Automation;
using KvmPve.Base;
using KvmPve.Errors;

namespace KvmPve.Commands.Pve
{
    /// <summary>
    /// Grows a guest's disk to -Size, or by -Grow. PVE cannot shrink: a smaller size, an unknown disk (the guest's disks
    /// named) or a size PVE does not write are refused before anything changes.
    /// </summary>
    [Cmdlet(VerbsCommon.Resize, "PveVmDisk", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = NameSet)]
    [OutputType(typeof(PveTask))]
    public sealed class ResizePveVmDiskCommand : PveGuestTaskCmdlet
    {
        /// <summary>The disk's key: scsi0, virtio1, rootfs, mp0, ...</summary>
        [Parameter(Mandatory = true)]
        public string Disk { get; set; } = string.Empty;

        /// <summary>The new size (40G, 512M, 1.5T).</summary>
        [Parameter]
        public string? Size { get; set; }

        /// <summary>How much to add (8G).</summary>
        [Parameter]
        public string? Grow { get; set; }

        protected override string Activity => $"Resizing {Disk}: waiting for the tasks";

        protected override void BeginProcessing()
        {
            CheckFirst(() =>
            {
                if ((Size == null) == (Grow == null))
                {
                    throw KvmPveException.Invalid("PveDiskSizeMissing", "Give -Size (the new size) or -Grow (how much to add); one of them.");
                }

                PveSession.CheckSize(Size ?? Grow!, Size != null ? "-Size" : "-Grow");
            }, Size ?? Grow);
            base.BeginProcessing();
        }

        protected override void ProcessRecord()
        {
            PveSession session = ResolveSession();
            foreach (PveVm vm in Guests(session))
            {
                if (ShouldProcessGuest(vm, Size != null ? $"Resize {Disk} to {Size}" : $"Grow {Disk} by {Grow}"))
                {
                    StartTask(vm, token => session.ResizeDiskAsync(vm, Disk, Size ?? Grow!, Grow != null, token), "vm/" + vm.VmId);
                }
            }
        }
    }
}
