using System.Management.Automation;
using KvmPve.Base;
using KvmPve.Errors;

namespace KvmPve.Commands.Pve
{
    /// <summary>
    /// The next free VMID. With -Reserve it is held for this process for five minutes, so other runspaces here never
    /// get it (PVE itself has no reservation: other processes are met by trying the next id).
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "PveNextVmId")]
    [OutputType(typeof(int))]
    public sealed class GetPveNextVmIdCommand : PveCmdlet
    {
        [Parameter]
        public SwitchParameter Reserve { get; set; }

        protected override void ProcessRecord()
        {
            PveSession session = ResolveSession();
            try
            {
                WriteObject(Run(token => session.NextVmIdAsync(Reserve, token)));
            }
            catch (KvmPveException ex)
            {
                WriteError(ex, session);
            }
        }
    }
}
