using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;

namespace KvmPve.Base
{
    /// <summary>A cmdlet that names guests by VMID (from the pipeline) or by -Name (wildcards, position 0).</summary>
    public abstract class PveNamedGuestCmdlet : PveGuestCmdlet
    {
        protected const string NameSet = "Name";

        [Parameter(Mandatory = true, ParameterSetName = NameSet, Position = 0)]
        [SupportsWildcards]
        public string[] Name { get; set; } = Array.Empty<string>();

        /// <summary>The guests this input names, each checked first; none when any is refused (the error written).</summary>
        protected IReadOnlyList<PveVm> Guests(PveSession session, Action<PveVm>? check = null) => Guests(session, Name, check);
    }

    /// <summary>
    /// A cmdlet that starts one PVE task per guest: the started task out, or with -Wait what the finished task gave.
    /// With -Wait each task starts as its guest arrives (at most -ThrottleLimit running at once) and all are waited
    /// for together, each written as it finishes: the wait takes as long as the longest task, not their sum.
    /// </summary>
    public abstract class PveGuestTaskCmdlet : PveNamedGuestCmdlet
    {
        private TaskStarter? _tasks;

        [Parameter]
        public SwitchParameter Wait { get; set; }

        /// <summary>With -Wait: how many of the tasks may run at once (a cluster should not get 200 starts at the same moment).</summary>
        [Parameter]
        [ValidateRange(1, 256)]
        public int ThrottleLimit { get; set; } = 8;

        /// <summary>With -Wait: how long each task, and what it was started for, is waited for before an OperationTimeout error (the task goes on on PVE).</summary>
        [Parameter]
        [ValidateRange(1, 604800)]
        public int WaitTimeoutSec { get; set; } = 3600;

        /// <summary>The progress bar's words for the whole wait.</summary>
        protected abstract string Activity { get; }

        protected override void BeginProcessing() => _tasks = new TaskStarter(this, Wait, ThrottleLimit, Activity, WaitTimeoutSec);

        protected override void EndProcessing() => _tasks!.Finish();

        protected void StartTask(object item, Func<CancellationToken, Task<PveTask>> start, string? exclusive = null, Func<PveTask, CancellationToken, Task<object?>>? outcome = null) =>
            _tasks!.Start(item, start, exclusive, outcome);
    }
}
