using System.Management.Automation;
using KvmPve.Base;

namespace KvmPve.Commands.Pve
{
    /// <summary>Suspends guests (pauses them), or with -ToDisk hibernates VMs.</summary>
    [Cmdlet(VerbsLifecycle.Suspend, "PveVm", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = NameSet)]
    [OutputType(typeof(PveTask))]
    public sealed class SuspendPveVmCommand : PvePowerCmdlet
    {
        [Parameter]
        public SwitchParameter ToDisk { get; set; }

        protected override PvePowerAction Action => PvePowerAction.Suspend;

        protected override PvePowerOptions? Options => new PvePowerOptions { ToDisk = ToDisk };

        protected override string Description => ToDisk ? "Suspend to disk (hibernate)" : "Suspend";
    }
}
