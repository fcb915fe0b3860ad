using System.Management.Automation;
using KvmPve.Base;
using KvmPve.Errors;

namespace KvmPve.Commands.PiKvm
{
    /// <summary>Disconnects the virtual drive from the machine.</summary>
    [Cmdlet(VerbsData.Dismount, "PiKvmMsdImage", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(PiKvmMsdState))]
    public sealed class DismountPiKvmMsdImageCommand : PiKvmCmdlet
    {
        protected override void ProcessRecord()
        {
            PiKvmSession session = ResolveSession();
            if (!ShouldProcess($"the machine behind {session.Server}", "Disconnect the virtual drive"))
            {
                return;
            }

            try
            {
                WriteObject(Run(token => session.DismountAsync(token)));
            }
            catch (KvmPveException ex)
            {
                WriteError(ex, session);
            }
        }
    }
}
