using System.Management.Automation;
using KvmPve.Base;
using KvmPve.Errors;

namespace KvmPve.Commands.PiKvm
{
    /// <summary>Resets the virtual media: the drive disconnected and its settings back to their defaults (images stay).</summary>
    [Cmdlet(VerbsCommon.Reset, "PiKvmMsd", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(PiKvmMsdState))]
    public sealed class ResetPiKvmMsdCommand : PiKvmCmdlet
    {
        protected override void ProcessRecord()
        {
            PiKvmSession session = ResolveSession();
            if (!ShouldProcess($"the machine behind {session.Server}", "Reset the virtual media (the drive is disconnected)"))
            {
                return;
            }

            try
            {
                Run(token => session.ResetMsdAsync(token));
                WriteObject(Run(token => session.GetMsdAsync(token)));
            }
            catch (KvmPveException ex)
            {
                WriteError(ex, session);
            }
        }
    }
}
