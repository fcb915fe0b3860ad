using System.Management.Automation;
using KvmPve.Base;

namespace KvmPve.Commands.PiKvm
{
    /// <summary>Restarts the video streamer (a stuck capture starts again).</summary>
    [Cmdlet(VerbsCommon.Reset, "PiKvmStreamer", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(void))]
    public sealed class ResetPiKvmStreamerCommand : PiKvmFleetCmdlet
    {
        protected override void ProcessRecord() =>
            OnEachDevice(
                session => ShouldProcess($"video streamer of {session.Server}", "Restart"),
                async (session, token) =>
                {
                    await session.ResetStreamerAsync(token).ConfigureAwait(false);
                    return null;
                });
    }
}
