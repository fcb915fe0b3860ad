using System.Management.Automation;
using KvmPve.Base;

namespace KvmPve.Commands.Pve
{
    /// <summary>Closes a Proxmox VE session and forgets it (PVE has no logout; the ticket expires by itself).</summary>
    [Cmdlet(VerbsCommunications.Disconnect, "Pve", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(void))]
    public sealed class DisconnectPveCommand : DisconnectCmdlet<PveSession>
    {
        internal override string Product => "Pve";
    }
}
