using System.Management.Automation;
using KvmPve.Sessions;

namespace KvmPve.Commands.Pve
{
    /// <summary>The Proxmox VE sessions open in this runspace.</summary>
    [Cmdlet(VerbsCommon.Get, "PveSession")]
    [OutputType(typeof(PveSession))]
    public sealed class GetPveSessionCommand : PSCmdlet
    {
        protected override void EndProcessing() => WriteObject(SessionStore.Current.Of<PveSession>().Snapshot(), true);
    }
}
