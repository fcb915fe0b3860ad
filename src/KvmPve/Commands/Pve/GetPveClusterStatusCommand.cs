using System.Management.Automation;
using KvmPve.Base;
using KvmPve.Errors;

namespace KvmPve.Commands.Pve
{
    /// <summary>The cluster's quorum and its nodes' state (GET /cluster/status).</summary>
    [Cmdlet(VerbsCommon.Get, "PveClusterStatus")]
    [OutputType(typeof(PveClusterStatus))]
    public sealed class GetPveClusterStatusCommand : PveCmdlet
    {
        protected override void ProcessRecord()
        {
            PveSession session = ResolveSession();
            try
            {
                WriteObject(Run(token => session.GetClusterStatusAsync(token)), true);
            }
            catch (KvmPveException ex)
            {
                WriteError(ex, session);
            }
        }
    }
}
