using System.Management.Automation;
using KvmPve.Base;
using KvmPve.Errors;

namespace KvmPve.Commands.PiKvm
{
    /// <summary>Resets the emulated keyboard and mouse (releases every key and button).</summary>
    [Cmdlet(VerbsCommon.Reset, "PiKvmHid", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(PiKvmHidState))]
    public sealed class ResetPiKvmHidCommand : PiKvmCmdlet
    {
        protected override void ProcessRecord()
        {
            PiKvmSession session = ResolveSession();
            if (!ShouldProcess($"keyboard and mouse of {session.Server}", "Reset"))
            {
                return;
            }

            try
            {
                Run(token => session.ResetHidAsync(token));
                WriteObject(Run(token => session.GetHidAsync(token)));
            }
            catch (KvmPveException ex)
            {
                WriteError(ex, session);
            }
        }
    }
}
