using System.Management.Automation;
using KvmPve.Base;
using KvmPve.Errors;

namespace KvmPve.Commands.Pve
{
    /// <summary>Guests (VMs and containers) anywhere in the cluster, from one cluster-wide query.</summary>
    [Cmdlet(VerbsCommon.Get, "PveVm")]
    [OutputType(typeof(PveVm))]
    public sealed class GetPveVmCommand : PveCmdlet
    {
        [Parameter(Position = 0)]
        [SupportsWildcards]
        public string[]? Name { get; set; }

        [Parameter]
        [ValidateRange(100, 999999999)]
        public int[]? VmId { get; set; }

        [Parameter]
        [SupportsWildcards]
        public string[]? Node { get; set; }

        [Parameter]
        public PveGuestType? Type { get; set; }

        [Parameter]
        [SupportsWildcards]
        public string[]? Status { get; set; }

        [Parameter]
        [SupportsWildcards]
        public string[]? Tag { get; set; }

        protected override void ProcessRecord()
        {
            PveSession session = ResolveSession();
            var query = new PveVmQuery { Name = Name, VmId = VmId, Node = Node, Type = Type, Status = Status, Tag = Tag };
            try
            {
                WriteObject(Run(token => session.GetVmsAsync(query, e => Post(() => WriteError(e, (object?)Name ?? VmId)), token)), true);
            }
            catch (KvmPveException ex)
            {
                WriteError(ex, session);
            }
        }
    }
}
