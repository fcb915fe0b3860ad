using System;
using System.Management.Automation;
using KvmPve.Base;
using KvmPve.Errors;

namespace KvmPve.Commands.Pve
{
    /// <summary>Waits until VMs' QEMU guest agent answers (after a boot), then writes each VM.</summary>
    [Cmdlet(VerbsLifecycle.Wait, "PveGuestAgent", DefaultParameterSetName = VmIdSet)]
    [OutputType(typeof(PveVm))]
    public sealed class WaitPveGuestAgentCommand : PveVmNameCmdlet
    {
        [Parameter]
        [ValidateRange(1, 86400)]
        public int TimeoutSec { get; set; } = 300;

        protected override void ProcessRecord()
        {
            PveSession session = ResolveSession();
            foreach (PveVm vm in Guests(session))
            {
                try
                {
                    WriteObject(Run(token => session.WaitAgentAsync(vm, TimeSpan.FromSeconds(TimeoutSec), note => Post(() => WriteVerbose(note)), token)));
                }
                catch (KvmPveException ex)
                {
                    WriteError(ex, vm);
                }
            }
        }
    }
}
