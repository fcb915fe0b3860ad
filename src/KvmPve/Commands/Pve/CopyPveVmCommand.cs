using System.Management.Automation;
using KvmPve.Base;
using KvmPve.Errors;

namespace KvmPve.Commands.Pve
{
    /// <summary>
    /// Clones guests. Without -NewId each clone gets the next free VMID, held so that clones started at the same time
    /// in other runspaces never collide, and tried again with the next one when another process took it. With -Wait
    /// a clone is done when its task ended and its lock is gone, and the new guest is written.
    /// </summary>
    [Cmdlet(VerbsCommon.Copy, "PveVm", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = NameSet)]
    [OutputType(typeof(PveTask), typeof(PveVm))]
    public sealed class CopyPveVmCommand : PveGuestTaskCmdlet
    {
        private int _sources;

        /// <summary>The clone's name (a container's hostname); PVE's default is "Copy-of-VM-name". Binds from objects piped in, so each clone of a batch can have its own.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? NewName { get; set; }

        [Parameter]
        [ValidateRange(100, 999999999)]
        public int? NewId { get; set; }

        /// <summary>A full copy of every disk rather than a linked clone (which only a template allows).</summary>
        [Parameter]
        public SwitchParameter Full { get; set; }

        [Parameter]
        public string? TargetNode { get; set; }

        /// <summary>Where a full clone's disks go.</summary>
        [Parameter]
        public string? Storage { get; set; }

        /// <summary>Clone the guest as it was at this snapshot.</summary>
        [Parameter]
        public string? Snapshot { get; set; }

        [Parameter]
        public string? Pool { get; set; }

        protected override string Activity => "Cloning: waiting for the tasks";

        private PveCloneOptions Options => new PveCloneOptions { NewName = NewName, NewId = NewId, Full = Full, TargetNode = TargetNode, Storage = Storage, Snapshot = Snapshot, Pool = Pool };

        protected override void BeginProcessing()
        {
            CheckFirst(() => PveSession.CheckClone(Options), NewName ?? TargetNode ?? Snapshot);
            base.BeginProcessing();
        }

        protected override System.Collections.Generic.IReadOnlyDictionary<string, string> RequestParameters
        {
            get
            {
                var values = new System.Collections.Generic.Dictionary<string, string>();
                if (NewId is int id)
                {
                    values["newid"] = id.ToString(System.Globalization.CultureInfo.InvariantCulture);
                }

                if (Pool != null)
                {
                    values["pool"] = Pool;
                }

                return values;
            }
        }

        protected override void ProcessRecord()
        {
            PveSession session = ResolveSession();
            PveCloneOptions options = Options;
            // A name bound from the pipeline is checked as it arrives.
            CheckFirst(() => PveSession.CheckClone(options), NewName);
            foreach (PveVm vm in Guests(session))
            {
                if (NewId != null && ++_sources > 1)
                {
                    WriteError(KvmPveException.Invalid("PveNewIdTakenByFirst", $"-NewId {NewId} names one clone and went to the first guest; {vm} was not cloned. Leave out -NewId to clone many."), vm);
                    continue;
                }

                if (!ShouldProcessGuest(vm, $"Clone to {(NewId is int id ? "VMID " + id : "the next free VMID")}{(NewName == null ? string.Empty : " named " + NewName)}{(TargetNode == null ? string.Empty : " on " + TargetNode)}"))
                {
                    continue;
                }

                // PVE locks a running source for the whole clone: its clones go one after another.
                string? exclusive = vm.Status == "running" ? "vm/" + vm.VmId : null;
                // The started task knows the clone's VMID; the polled status does not.
                PveTask? started = null;
                StartTask(vm, async token => started = await session.CloneAsync(vm, options, token).ConfigureAwait(false), exclusive,
                    (_, token) => session.GuestReadyAsync(started!.NewVmId!.Value, TargetNode, token));
            }
        }
    }
}
