using System.Management.Automation;
using KvmPve.Base;
using KvmPve.Errors;

namespace KvmPve.Commands.Pve
{
    /// <summary>The Proxmox VE version (GET /version).</summary>
    [Cmdlet(VerbsCommon.Get, "PveVersion")]
    [OutputType(typeof(PveVersion))]
    public sealed class GetPveVersionCommand : PveCmdlet
    {
        protected override void ProcessRecord()
        {
            PveSession session = ResolveSession();
            try
            {
                WriteObject(Run(token => session.GetVersionAsync(token)));
            }
            catch (KvmPveException ex)
            {
                WriteError(ex, session);
            }
        }
    }
}
