using System.Management.Automation;
using KvmPve.Base;
using KvmPve.Errors;

namespace KvmPve.Commands.PiKvm
{
    /// <summary>Restarts the video streamer (a stuck capture starts again).</summary>
    [Cmdlet(VerbsCommon.Reset, "PiKvmStreamer", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(void))]
    public sealed class ResetPiKvmStreamerCommand : PiKvmCmdlet
    {
        protected override void ProcessRecord()
        {
            PiKvmSession session = ResolveSession();
            if (!ShouldProcess($"video streamer of {session.Server}", "Restart"))
            {
                return;
            }

            try
            {
                Run(token => session.ResetStreamerAsync(token));
            }
            catch (KvmPveException ex)
            {
                WriteError(ex, session);
            }
        }
    }
}
