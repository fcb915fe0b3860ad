using System.Management.Automation;
using KvmPve.Base;

namespace KvmPve.Commands.Pve
{
    /// <summary>Reboots guests, or with -Reset resets VMs hard.</summary>
    [Cmdlet(VerbsLifecycle.Restart, "PveVm", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = NameSet)]
    [OutputType(typeof(PveTask))]
    public sealed class RestartPveVmCommand : PvePowerCmdlet
    {
        [Parameter]
        public SwitchParameter Reset { get; set; }

        protected override PvePowerAction Action => Reset ? PvePowerAction.Reset : PvePowerAction.Reboot;

        protected override string Description => Reset ? "Reset (hard, no shutdown)" : "Reboot";
    }
}
