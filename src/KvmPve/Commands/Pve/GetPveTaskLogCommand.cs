using System.Management.Automation;
using KvmPve.Base;
using KvmPve.Errors;

namespace KvmPve.Commands.Pve
{
    /// <summary>A task's log lines.</summary>
    [Cmdlet(VerbsCommon.Get, "PveTaskLog")]
    [OutputType(typeof(string))]
    public sealed class GetPveTaskLogCommand : PveCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        public string Upid { get; set; } = string.Empty;

        protected override void ProcessRecord()
        {
            PveSession session = ResolveSession();
            try
            {
                WriteObject(Run(token => session.GetTaskLogAsync(Upid, 0, null, token)), true);
            }
            catch (KvmPveException ex)
            {
                WriteError(ex, Upid);
            }
        }
    }
}
