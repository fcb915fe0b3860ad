using System.Management.Automation;
using KvmPve.Base;

namespace KvmPve.Commands.Pve
{
    /// <summary>Deletes volumes from PVE storage (ISOs, templates, backups) and waits for PVE's task.</summary>
    [Cmdlet(VerbsCommon.Remove, "PveStorageContent", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(PveTask))]
    public sealed class RemovePveStorageContentCommand : PveCmdlet
    {
        private TaskStarter? _tasks;

        /// <summary>The volume, storage:content/name; binds from a PveStorageItem piped in.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        public string VolId { get; set; } = string.Empty;

        /// <summary>The storage; taken from the volume id when not given.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? Storage { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? Node { get; set; }

        /// <summary>How long each removal task is waited for before an OperationTimeout error (the task goes on on PVE).</summary>
        [Parameter]
        [ValidateRange(1, 604800)]
        public int WaitTimeoutSec { get; set; } = 3600;

        protected override void BeginProcessing() => _tasks = new TaskStarter(this, true, 4, "Removing volumes: waiting for the tasks", WaitTimeoutSec);

        protected override void EndProcessing() => _tasks!.Finish();

        protected override void ProcessRecord()
        {
            PveSession session = ResolveSession();
            var item = new PveStorageItem { VolId = VolId, Storage = Storage ?? VolId.Split(':')[0], Node = Node ?? string.Empty, Session = session };
            if (ShouldProcess($"{VolId}{(Node == null ? string.Empty : " on " + Node)}", "Delete the volume"))
            {
                _tasks!.Start(item, token => session.RemoveStorageContentAsync(item, token));
            }
        }
    }
}
