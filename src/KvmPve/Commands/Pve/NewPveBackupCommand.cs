using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using KvmPve.Base;

namespace KvmPve.Commands.Pve
{
    /// <summary>
    /// Backs guests up with vzdump: guests from the pipeline are gathered, and one vzdump task runs per node (PVE's
    /// own way: vzdump backs a node's guests up one after another). With -Wait each guest's archive is written.
    /// </summary>
    [Cmdlet(VerbsCommon.New, "PveBackup", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = VmIdSet)]
    [OutputType(typeof(PveTask), typeof(PveStorageItem))]
    public sealed class NewPveBackupCommand : PveVmNameCmdlet
    {
        private readonly Dictionary<string, List<int>> _byNode = new Dictionary<string, List<int>>();
        private PveSession? _session;

        [Parameter(Mandatory = true)]
        public string Storage { get; set; } = string.Empty;

        [Parameter]
        [ValidateSet("snapshot", "suspend", "stop")]
        public string? Mode { get; set; }

        [Parameter]
        [ValidateSet("zstd", "gzip", "lzo", "0")]
        public string? Compress { get; set; }

        /// <summary>The archives' notes; vzdump fills in {{guestname}}, {{vmid}}, {{node}} and {{cluster}}.</summary>
        [Parameter]
        public string? Notes { get; set; }

        /// <summary>Protect the archives from pruning and removal.</summary>
        [Parameter]
        public SwitchParameter Protected { get; set; }

        [Parameter]
        public SwitchParameter Wait { get; set; }

        /// <summary>With -Wait: how long each task, and what it was started for, is waited for before an OperationTimeout error (the task goes on on PVE).</summary>
        [Parameter]
        [ValidateRange(1, 604800)]
        public int WaitTimeoutSec { get; set; } = 3600;

        protected override void ProcessRecord()
        {
            _session = ResolveSession();
            foreach (PveVm vm in Guests(_session))
            {
                if (ShouldProcess(GuestLabel(vm), $"Back up to {Storage}{(Mode == null ? string.Empty : " (" + Mode + " mode)")}"))
                {
                    if (!_byNode.TryGetValue(vm.Node, out List<int>? ids))
                    {
                        _byNode[vm.Node] = ids = new List<int>();
                    }

                    if (!ids.Contains(vm.VmId))
                    {
                        ids.Add(vm.VmId);
                    }
                }
            }
        }

        protected override void EndProcessing()
        {
            if (_session == null || _byNode.Count == 0)
            {
                return;
            }

            PveSession session = _session;
            var options = new PveBackupOptions { Storage = Storage, Mode = Mode, Compress = Compress, Notes = Notes, Protected = Protected };
            var tasks = new TaskStarter(this, Wait, _byNode.Count, $"Backing up to {Storage}: waiting for vzdump", WaitTimeoutSec);
            foreach (KeyValuePair<string, List<int>> node in _byNode.OrderBy(n => n.Key, System.StringComparer.Ordinal))
            {
                tasks.Start(node.Key, token => session.StartBackupAsync(node.Key, node.Value, options, token),
                    outcome: (task, token) => session.BackupArchivesAsync(task, Storage, node.Value, token));
            }

            tasks.Finish();
        }
    }
}
