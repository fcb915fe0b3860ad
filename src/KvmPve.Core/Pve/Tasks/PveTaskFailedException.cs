using System.Collections.Generic;
using KvmPve.Errors;

namespace KvmPve
{
    /// <summary>A task that ended with an error: the task (its ExitStatus) and the last lines of its log, for scripts to act on.</summary>
    public sealed class PveTaskFailedException : KvmPveException
    {
        public PveTaskFailedException(PveTask task, IReadOnlyList<string> logTail)
            : base(ErrorKind.OperationStopped, "PveTaskFailed",
                $"Task {task.Type} {task.Id} on {task.Node} failed: {task.ExitStatus}."
                + (logTail.Count > 0 ? " Last log lines:\n  " + string.Join("\n  ", logTail) : string.Empty))
        {
            Task = task;
            LogTail = logTail;
        }

        public PveTask Task { get; }

        public IReadOnlyList<string> LogTail { get; }
    }
}
