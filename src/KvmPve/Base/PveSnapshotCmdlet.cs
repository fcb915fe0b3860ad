using System;
using System.Collections.Generic;
using System.Management.Automation;

namespace KvmPve.Base
{
    /// <summary>
    /// Guests from the pipeline (anything with VmId, Node, Type and Session binds by property name), by -VmId, or by
    /// -VmName (wildcards), for cmdlets whose first position is something else (a snapshot's name, a command).
    /// </summary>
    public abstract class PveVmNameCmdlet : PveGuestCmdlet
    {
        protected const string VmNameSet = "VmName";

        [Parameter(Mandatory = true, ParameterSetName = VmNameSet)]
        [SupportsWildcards]
        public string[] VmName { get; set; } = Array.Empty<string>();

        /// <summary>The guests this input names, each checked first; none when any is refused (the error written).</summary>
        protected IReadOnlyList<PveVm> Guests(PveSession session, Action<PveVm>? check = null) => Guests(session, VmName, check);
    }

    /// <summary>The snapshot cmdlets: -Name is always the snapshot's name.</summary>
    public abstract class PveSnapshotCmdlet : PveVmNameCmdlet
    {

        /// <summary>One snapshot task at a time per guest: PVE locks the guest's configuration while one runs.</summary>
        protected static string GuestKey(int vmId) => "vm/" + vmId.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>A snapshot cmdlet that starts tasks: -ThrottleLimit, and a <see cref="TaskStarter"/> over the whole call.</summary>
    public abstract class PveSnapshotTaskCmdlet : PveSnapshotCmdlet
    {
        private TaskStarter? _tasks;

        /// <summary>When the tasks are waited for: how many may run at once (on different guests: one guest's run one after another).</summary>
        [Parameter]
        [ValidateRange(1, 256)]
        public int ThrottleLimit { get; set; } = 8;

        /// <summary>When the tasks are waited for: how long each task, and what it was started for, is waited for before an OperationTimeout error (the task goes on on PVE).</summary>
        [Parameter]
        [ValidateRange(1, 604800)]
        public int WaitTimeoutSec { get; set; } = 3600;

        /// <summary>Whether the tasks are waited for (-Wait, or always where the work is only done when the task is).</summary>
        protected abstract bool Waits { get; }

        protected override void BeginProcessing() => _tasks = new TaskStarter(this, Waits, ThrottleLimit, "Waiting for the snapshot tasks", WaitTimeoutSec);

        protected override void EndProcessing() => _tasks!.Finish();

        protected void StartTask(object item, System.Func<System.Threading.CancellationToken, System.Threading.Tasks.Task<PveTask>> start, string exclusive) => _tasks!.Start(item, start, exclusive);
    }
}
