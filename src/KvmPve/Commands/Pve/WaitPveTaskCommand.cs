using System;
using System.Management.Automation;
using KvmPve.Base;
using KvmPve.Errors;

namespace KvmPve.Commands.Pve
{
    /// <summary>
    /// Waits for tasks to finish, all together: one poll round over every task still running each second, a progress
    /// bar per task and one for all, each task written as it ends. The wait takes as long as the longest task.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Wait, "PveTask", DefaultParameterSetName = TaskSet)]
    [OutputType(typeof(PveTask))]
    public sealed class WaitPveTaskCommand : PveCmdlet
    {
        private const string TaskSet = "Task";
        private const string UpidSet = "Upid";

        // Waiting starts nothing on PVE, so there is no throttle: only the batch's own ceiling.
        private const int AllAtOnce = 256;

        private TaskStarter? _tasks;

        [Parameter(Mandatory = true, ParameterSetName = TaskSet, ValueFromPipeline = true)]
        public PveTask[] Task { get; set; } = Array.Empty<PveTask>();

        [Parameter(Mandatory = true, ParameterSetName = UpidSet, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        public string[] Upid { get; set; } = Array.Empty<string>();

        /// <summary>How long each task may still run (default 3600 s); one that does is an OperationTimeout error (it goes on), the others are still waited for.</summary>
        [Parameter]
        [ValidateRange(1, 604800)]
        public int TimeoutSec { get; set; } = 3600;

        protected override void BeginProcessing() => _tasks = new TaskStarter(this, true, AllAtOnce, "Waiting for the tasks", TimeoutSec);

        protected override void EndProcessing() => _tasks!.Finish();

        protected override void ProcessRecord()
        {
            if (ParameterSetName == TaskSet)
            {
                foreach (PveTask task in Task)
                {
                    Add(task.Session != null && Session == null ? task.Session : ResolveSession(), task.Upid, task);
                }

                return;
            }

            PveSession session = ResolveSession();
            foreach (string upid in Upid)
            {
                Add(session, upid, upid);
            }
        }

        private void Add(PveSession session, string upid, object target)
        {
            PveTask task;
            try
            {
                // The UPID names node, type and id for the progress bar; the first poll round reads the status.
                task = session.TaskOf(upid);
            }
            catch (KvmPveException ex)
            {
                WriteError(ex, target);
                return;
            }

            _tasks!.Start(target, _ => System.Threading.Tasks.Task.FromResult(task));
        }
    }
}
