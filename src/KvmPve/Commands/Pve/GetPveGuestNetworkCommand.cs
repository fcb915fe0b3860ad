using System.Management.Automation;
using KvmPve.Base;
using KvmPve.Errors;

namespace KvmPve.Commands.Pve
{
    /// <summary>A guest's network interfaces with MAC and addresses: a VM's from its guest agent, a container's from PVE.</summary>
    [Cmdlet(VerbsCommon.Get, "PveGuestNetwork", DefaultParameterSetName = NameSet)]
    [OutputType(typeof(PveGuestInterface))]
    public sealed class GetPveGuestNetworkCommand : PveNamedGuestCmdlet
    {
        protected override void ProcessRecord()
        {
            PveSession session = ResolveSession();
            foreach (PveVm vm in Guests(session))
            {
                try
                {
                    WriteObject(Run(token => session.GetGuestNetworkAsync(vm, token)), true);
                }
                catch (KvmPveException ex)
                {
                    WriteError(ex, vm);
                }
            }
        }
    }
}
