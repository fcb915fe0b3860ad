using System.Management.Automation;
using KvmPve.Base;
using KvmPve.Errors;

namespace KvmPve.Commands.Pve
{
    /// <summary>The cluster's resource pools with their members (guests and storages).</summary>
    [Cmdlet(VerbsCommon.Get, "PvePool")]
    [OutputType(typeof(PvePool))]
    public sealed class GetPvePoolCommand : PveCmdlet
    {
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        public string[]? Name { get; set; }

        protected override void ProcessRecord()
        {
            PveSession session = ResolveSession();
            try
            {
                WriteObject(Run(token => session.GetPoolsAsync(Name, e => Post(() => WriteError(e, e.Message)), token)), true);
            }
            catch (KvmPveException ex)
            {
                WriteError(ex, Name);
            }
        }
    }
}
