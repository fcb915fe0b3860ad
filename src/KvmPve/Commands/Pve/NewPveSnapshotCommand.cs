using System.Management.Automation;
using KvmPve.Base;

namespace KvmPve.Commands.Pve
{
    /// <summary>Takes a snapshot of guests.</summary>
    [Cmdlet(VerbsCommon.New, "PveSnapshot", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = VmIdSet)]
    [OutputType(typeof(PveTask))]
    public sealed class NewPveSnapshotCommand : PveSnapshotTaskCmdlet
    {
        [Parameter(Mandatory = true, Position = 0)]
        public string Name { get; set; } = string.Empty;

        [Parameter]
        public string? Description { get; set; }

        [Parameter]
        public SwitchParameter IncludeMemory { get; set; }

        [Parameter]
        public SwitchParameter Wait { get; set; }

        protected override bool Waits => Wait;

        protected override void BeginProcessing()
        {
            // Before any request: a name PVE would refuse is an argument error, not a failed task.
            CheckFirst(() => PveSession.CheckSnapshotName(Name), Name);
            base.BeginProcessing();
        }

        protected override void ProcessRecord()
        {
            PveSession session = ResolveSession();
            foreach (PveVm vm in Guests(session))
            {
                if (ShouldProcessGuest(vm, $"Take snapshot '{Name}'{(IncludeMemory ? " with memory" : string.Empty)}"))
                {
                    StartTask(vm, token => session.CreateSnapshotAsync(vm, Name, Description, IncludeMemory, token), GuestKey(vm.VmId));
                }
            }
        }
    }
}
