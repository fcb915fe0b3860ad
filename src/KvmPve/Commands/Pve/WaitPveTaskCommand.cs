using System;
using System.Management.Automation;
using KvmPve.Base;
using KvmPve.Errors;

namespace KvmPve.Commands.Pve
{
    /// <summary>Waits for tasks to finish, with progress.</summary>
    [Cmdlet(VerbsLifecycle.Wait, "PveTask", DefaultParameterSetName = TaskSet)]
    [OutputType(typeof(PveTask))]
    public sealed class WaitPveTaskCommand : PveCmdlet
    {
        private const string TaskSet = "Task";
        private const string UpidSet = "Upid";

        [Parameter(Mandatory = true, ParameterSetName = TaskSet, ValueFromPipeline = true)]
        public PveTask[] Task { get; set; } = Array.Empty<PveTask>();

        [Parameter(Mandatory = true, ParameterSetName = UpidSet, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        public string[] Upid { get; set; } = Array.Empty<string>();

        [Parameter]
        [ValidateRange(1, 604800)]
        public int? TimeoutSec { get; set; }

        protected override void ProcessRecord()
        {
            if (ParameterSetName == TaskSet)
            {
                foreach (PveTask task in Task)
                {
                    Await(task.Session != null && Session == null ? task.Session : ResolveSession(), task.Upid, task);
                }

                return;
            }

            PveSession session = ResolveSession();
            foreach (string upid in Upid)
            {
                Await(session, upid, upid);
            }
        }

        private void Await(PveSession session, string upid, object target)
        {
            try
            {
                // The UPID names node, type and id for the progress bar; the waiter's first poll reads the status.
                WriteObject(WaitForTask(session, session.TaskOf(upid), TimeoutSec is int seconds ? TimeSpan.FromSeconds(seconds) : (TimeSpan?)null));
            }
            catch (PveTaskFailedException ex)
            {
                WriteError(ex, ex.Task);
            }
            catch (KvmPveException ex)
            {
                WriteError(ex, target);
            }
        }
    }
}
