using System.Management.Automation;
using KvmPve.Base;
using KvmPve.Errors;

namespace KvmPve.Commands.Pve
{
    /// <summary>
    /// Detaches a disk from guests (it stays as an unused disk, its data kept), or with -Destroy destroys its volume.
    /// The disk is checked first; the guest's disks are named when it has no such disk.
    /// </summary>
    [Cmdlet(VerbsCommon.Remove, "PveVmDisk", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = NameSet)]
    [OutputType(typeof(void))]
    public sealed class RemovePveVmDiskCommand : PveNamedGuestCmdlet
    {
        [Parameter(Mandatory = true)]
        public string Disk { get; set; } = string.Empty;

        /// <summary>Destroy the volume and its data, not only detach it.</summary>
        [Parameter]
        public SwitchParameter Destroy { get; set; }

        protected override void ProcessRecord()
        {
            PveSession session = ResolveSession();
            foreach (PveVm vm in Guests(session))
            {
                if (!ShouldProcessGuest(vm, Destroy ? $"Destroy {Disk} and its data" : $"Detach {Disk} (kept as an unused disk)"))
                {
                    continue;
                }

                try
                {
                    Run(token => session.RemoveDiskAsync(vm, Disk, Destroy, token));
                }
                catch (KvmPveException ex)
                {
                    WriteError(ex, vm);
                }
            }
        }
    }
}
