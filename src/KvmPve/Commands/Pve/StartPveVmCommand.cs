using System.Management.Automation;
using KvmPve.Base;

namespace KvmPve.Commands.Pve
{
    /// <summary>Starts guests.</summary>
    [Cmdlet(VerbsLifecycle.Start, "PveVm", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = NameSet)]
    [OutputType(typeof(PveTask))]
    public sealed class StartPveVmCommand : PvePowerCmdlet
    {
        protected override PvePowerAction Action => PvePowerAction.Start;

        protected override string Description => "Start";
    }
}
