using System.Management.Automation;
using KvmPve.Base;

namespace KvmPve.Commands.Pve
{
    /// <summary>Shuts guests down gracefully, or with -TurnOff powers them off at once.</summary>
    [Cmdlet(VerbsLifecycle.Stop, "PveVm", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = NameSet)]
    [OutputType(typeof(PveTask))]
    public sealed class StopPveVmCommand : PvePowerCmdlet
    {
        [Parameter]
        public SwitchParameter TurnOff { get; set; }

        [Parameter]
        [ValidateRange(1, 86400)]
        public int? TimeoutSec { get; set; }

        protected override PvePowerAction Action => TurnOff ? PvePowerAction.Stop : PvePowerAction.Shutdown;

        protected override PvePowerOptions? Options => TurnOff ? null : new PvePowerOptions { TimeoutSec = TimeoutSec };

        protected override string Description => TurnOff ? "Turn off (no shutdown: like pulling the plug)" : "Shut down";
    }
}
