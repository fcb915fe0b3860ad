using System.Management.Automation;
using KvmPve.Base;
using KvmPve.Errors;

namespace KvmPve.Commands.Pve
{
    /// <summary>
    /// Migrates guests to another node. PVE's preconditions are read first: a refusal is an error with PVE's reasons
    /// before anything changes. HA-managed guests migrate through the HA manager. With -Wait a migration is done when
    /// the guest is listed on the target without a lock, and the guest there is written.
    /// </summary>
    [Cmdlet(VerbsCommon.Move, "PveVm", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = NameSet)]
    [OutputType(typeof(PveTask), typeof(PveVm))]
    public sealed class MovePveVmCommand : PveGuestTaskCmdlet
    {
        [Parameter(Mandatory = true)]
        public string TargetNode { get; set; } = string.Empty;

        /// <summary>Live migration of a running VM.</summary>
        [Parameter]
        public SwitchParameter Online { get; set; }

        /// <summary>Copy local disks along (a VM's live storage migration).</summary>
        [Parameter]
        public SwitchParameter WithLocalDisks { get; set; }

        protected override string Activity => $"Migrating to {TargetNode}: waiting for the migrations";

        protected override void BeginProcessing()
        {
            CheckFirst(() => PveSession.CheckNode(TargetNode), TargetNode);
            base.BeginProcessing();
        }

        protected override System.Collections.Generic.IReadOnlyDictionary<string, string> RequestParameters =>
            new System.Collections.Generic.Dictionary<string, string> { ["target"] = TargetNode };

        protected override void ProcessRecord()
        {
            PveSession session = ResolveSession();
            foreach (PveVm vm in Guests(session))
            {
                if (!ShouldProcessGuest(vm, $"Migrate to {TargetNode}{(Online ? " (online)" : string.Empty)}{(vm.HaState != null ? " through the HA manager" : string.Empty)}"))
                {
                    continue;
                }

                if (vm.HaState != null && !Wait)
                {
                    RequestHaMigration(session, vm);
                    continue;
                }

                StartTask(vm, token => session.MigrateAsync(vm, TargetNode, Online, WithLocalDisks, token), "vm/" + vm.VmId,
                    (task, token) => session.GuestReadyAsync(vm.VmId, TargetNode, token));
            }
        }

        // The HA manager has no task to give back: without -Wait there is nothing to write but a note.
        private void RequestHaMigration(PveSession session, PveVm vm)
        {
            try
            {
                Run(token => session.MigrateAsync(vm, TargetNode, Online, WithLocalDisks, token));
                WriteVerbose($"{GuestLabel(vm)} is HA-managed: the HA manager moves it to {TargetNode} in its own time. Get-PveVm -VmId {vm.VmId} shows where it is; -Wait waits for it.");
            }
            catch (KvmPveException ex)
            {
                WriteError(ex, vm);
            }
        }
    }
}
