using System.Management.Automation;
using KvmPve.Base;
using KvmPve.Errors;

namespace KvmPve.Commands.Pve
{
    /// <summary>Recent tasks of the cluster's nodes, or given tasks by UPID.</summary>
    [Cmdlet(VerbsCommon.Get, "PveTask", DefaultParameterSetName = ListSet)]
    [OutputType(typeof(PveTask))]
    public sealed class GetPveTaskCommand : PveCmdlet
    {
        private const string ListSet = "List";
        private const string UpidSet = "Upid";

        [Parameter(ParameterSetName = ListSet)]
        public string[]? Node { get; set; }

        [Parameter(ParameterSetName = ListSet)]
        [ValidateRange(100, 999999999)]
        public int? VmId { get; set; }

        [Parameter(ParameterSetName = ListSet)]
        public SwitchParameter Running { get; set; }

        [Parameter(ParameterSetName = ListSet)]
        [ValidateRange(1, 10000)]
        public int? Limit { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = UpidSet, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        public string[] Upid { get; set; } = System.Array.Empty<string>();

        protected override void ProcessRecord()
        {
            PveSession session = ResolveSession();
            if (ParameterSetName == ListSet)
            {
                try
                {
                    WriteObject(Run(token => session.GetTasksAsync(Node, VmId, Running, Limit, token)), true);
                }
                catch (KvmPveException ex)
                {
                    WriteError(ex, session);
                }

                return;
            }

            foreach (string upid in Upid)
            {
                try
                {
                    WriteObject(Run(token => session.GetTaskAsync(upid, token)));
                }
                catch (KvmPveException ex)
                {
                    WriteError(ex, upid);
                }
            }
        }
    }
}
