using System.Management.Automation;
using KvmPve.Base;

namespace KvmPve.Commands.Pve
{
    /// <summary>
    /// Destroys guests and their disks. A running guest is refused unless -Force, which stops it (and waits for the
    /// stop) first; an HA-managed guest needs -Purge, which also takes it out of HA, backup and replication jobs.
    /// </summary>
    [Cmdlet(VerbsCommon.Remove, "PveVm", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = NameSet)]
    [OutputType(typeof(PveTask))]
    public sealed class RemovePveVmCommand : PveGuestTaskCmdlet
    {
        [Parameter]
        public SwitchParameter Purge { get; set; }

        [Parameter]
        public SwitchParameter DestroyUnreferencedDisks { get; set; }

        /// <summary>Stop a running guest first instead of refusing.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override string Activity => "Removing guests: waiting for the tasks";

        protected override void ProcessRecord()
        {
            PveSession session = ResolveSession();
            var options = new PveRemoveOptions { Purge = Purge, DestroyUnreferencedDisks = DestroyUnreferencedDisks, Force = Force, StopTimeout = System.TimeSpan.FromSeconds(WaitTimeoutSec) };
            foreach (PveVm vm in Guests(session))
            {
                if (ShouldProcessGuest(vm, $"Destroy the guest and its disks{(Force ? " (stopping it first if it runs)" : string.Empty)}{(Purge ? ", and purge it from jobs and HA" : string.Empty)}"))
                {
                    StartTask(vm, token => session.RemoveVmAsync(vm, options, token), "vm/" + vm.VmId);
                }
            }
        }
    }
}
