using System.Management.Automation;
using KvmPve.Base;
using KvmPve.Errors;

namespace KvmPve.Commands.Pve
{
    /// <summary>Gets guests' configuration: the common fields typed, every key, and the digest that guards a change.</summary>
    [Cmdlet(VerbsCommon.Get, "PveVmConfig", DefaultParameterSetName = NameSet)]
    [OutputType(typeof(PveVmConfig))]
    public sealed class GetPveVmConfigCommand : PveNamedGuestCmdlet
    {
        /// <summary>Also what PVE applies at the next start (GET .../pending).</summary>
        [Parameter]
        public SwitchParameter Pending { get; set; }

        protected override void ProcessRecord()
        {
            PveSession session = ResolveSession();
            foreach (PveVm vm in Guests(session))
            {
                try
                {
                    WriteObject(Run(token => session.GetConfigAsync(vm, Pending, token)));
                }
                catch (KvmPveException ex)
                {
                    WriteError(ex, vm);
                }
            }
        }
    }
}
