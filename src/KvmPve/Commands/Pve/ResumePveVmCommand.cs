using System.Management.Automation;
using KvmPve.Base;

namespace KvmPve.Commands.Pve
{
    /// <summary>Resumes suspended guests.</summary>
    [Cmdlet(VerbsLifecycle.Resume, "PveVm", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = NameSet)]
    [OutputType(typeof(PveTask))]
    public sealed class ResumePveVmCommand : PvePowerCmdlet
    {
        protected override PvePowerAction Action => PvePowerAction.Resume;

        protected override string Description => "Resume";
    }
}
