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

        /// <summary>
        /// Waits for a task with a progress bar (closed at the end, whatever happens); WARNINGS become a warning.
        /// A failed task throws <see cref="PveTaskFailedException"/>, a timeout an OperationTimeout error.
        /// </summary>
        private PveTask WaitForTask(PveSession session, PveTask task, System.TimeSpan? timeout)
        {
            var progress = new ProgressRecord(NextProgressId(), $"Waiting for {task.Type} {task.Id} on {task.Node}", "running");
            try
            {
                PveTask done = Run(token => session.WaitTaskAsync(task.Upid, timeout, (polled, elapsed) => Post(() =>
                {
                    progress.StatusDescription = $"{polled.Status}, {(int)elapsed.TotalSeconds} s";
                    WriteProgress(progress);
                }), token));
                if (done.Warnings > 0)
                {
                    WriteWarning(WarningsMessage(done));
                }

                return done;
            }
            finally
            {
                progress.RecordType = ProgressRecordType.Completed;
                WriteProgress(progress);
            }
        }
    }
}
