using System.Management.Automation;
using KvmPve.Base;
using KvmPve.Errors;

namespace KvmPve.Commands.Pve
{
    /// <summary>The cluster's nodes (GET /nodes).</summary>
    [Cmdlet(VerbsCommon.Get, "PveNode")]
    [OutputType(typeof(PveNode))]
    public sealed class GetPveNodeCommand : PveCmdlet
    {
        [Parameter(Position = 0)]
        [SupportsWildcards]
        public string[]? Name { get; set; }

        protected override void ProcessRecord()
        {
            PveSession session = ResolveSession();
            try
            {
                WriteObject(Run(token => session.GetNodesAsync(Name, e => Post(() => WriteError(e, Name)), token)), true);
            }
            catch (KvmPveException ex)
            {
                WriteError(ex, session);
            }
        }
    }
}
