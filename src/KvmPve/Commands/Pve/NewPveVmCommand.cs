using System.Collections;
using System.Management.Automation;
using KvmPve.Base;

namespace KvmPve.Commands.Pve
{
    /// <summary>
    /// Creates a VM on a node: -Parameter holds PVE's configuration keys (checked against its schema first). Without
    /// -VmId the next free VMID is used, as Copy-PveVm does. With -Wait the new guest is written once it is unlocked.
    /// </summary>
    [Cmdlet(VerbsCommon.New, "PveVm", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(PveTask), typeof(PveVm))]
    public sealed class NewPveVmCommand : PveCmdlet
    {
        [Parameter(Mandatory = true)]
        public string Node { get; set; } = string.Empty;

        [Parameter]
        [ValidateRange(100, 999999999)]
        public int? VmId { get; set; }

        [Parameter(Position = 0)]
        public string? Name { get; set; }

        /// <summary>PVE's keys for the new VM: memory, cores, scsi0, net0, ostype, ...</summary>
        [Parameter]
        public Hashtable? Parameter { get; set; }

        [Parameter]
        public SwitchParameter Wait { get; set; }

        /// <summary>With -Wait: how long each task, and what it was started for, is waited for before an OperationTimeout error (the task goes on on PVE).</summary>
        [Parameter]
        [ValidateRange(1, 604800)]
        public int WaitTimeoutSec { get; set; } = 3600;

        protected override void ProcessRecord()
        {
            PveSession session = ResolveSession();
            var values = (IDictionary?)PSObjectBuilder.Unwrap(Parameter);
            CheckFirst(() => PveSession.CheckCreate(Node, Name, values), Parameter);

            string target = $"{(Name == null ? "a VM" : "VM " + Name)} with {(VmId is int id ? "VMID " + id : "the next free VMID")} on {Node}";
            if (!ShouldProcess(target, "Create"))
            {
                return;
            }

            var tasks = new TaskStarter(this, Wait, 1, "Creating the VM", WaitTimeoutSec);
            PveTask? started = null;
            tasks.Start(target, async token => started = await session.CreateVmAsync(Node, VmId, Name, values, token).ConfigureAwait(false),
                outcome: (_, token) => session.GuestReadyAsync(started!.NewVmId!.Value, Node, token));
            tasks.Finish();
        }
    }
}
