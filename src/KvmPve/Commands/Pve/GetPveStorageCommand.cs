using System.Management.Automation;
using KvmPve.Base;
using KvmPve.Errors;

namespace KvmPve.Commands.Pve
{
    /// <summary>Gets the cluster's storages as each node sees them: type, content types, state and space.</summary>
    [Cmdlet(VerbsCommon.Get, "PveStorage")]
    [OutputType(typeof(PveStorage))]
    public sealed class GetPveStorageCommand : PveCmdlet
    {
        [Parameter(Position = 0)]
        [SupportsWildcards]
        public string[]? Name { get; set; }

        /// <summary>Only this node's view (default: every online node).</summary>
        [Parameter]
        public string? Node { get; set; }

        /// <summary>Only storages that hold one of these content types.</summary>
        [Parameter]
        [ValidateSet("iso", "vztmpl", "backup", "images", "rootdir", "snippets", "import")]
        public string[]? Content { get; set; }

        protected override void ProcessRecord()
        {
            PveSession session = ResolveSession();
            try
            {
                WriteObject(Run(token => session.GetStoragesAsync(Name, Node, Content, e => Post(() => WriteError(e, e.Message)), token)), true);
            }
            catch (KvmPveException ex)
            {
                WriteError(ex, Name);
            }
        }
    }
}
