using System.Management.Automation;
using KvmPve.Base;

namespace KvmPve.Commands.Pve
{
    /// <summary>Makes stopped guests templates (clones are then linked where the storage allows); a running guest is refused first.</summary>
    [Cmdlet(VerbsData.ConvertTo, "PveTemplate", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = NameSet)]
    [OutputType(typeof(PveTask))]
    public sealed class ConvertToPveTemplateCommand : PveGuestTaskCmdlet
    {
        protected override string Activity => "Making templates: waiting for the tasks";

        protected override void ProcessRecord()
        {
            PveSession session = ResolveSession();
            foreach (PveVm vm in Guests(session))
            {
                if (ShouldProcessGuest(vm, "Make it a template (it can no longer be started)"))
                {
                    StartTask(vm, token => session.ConvertToTemplateAsync(vm, token), "vm/" + vm.VmId);
                }
            }
        }
    }
}
