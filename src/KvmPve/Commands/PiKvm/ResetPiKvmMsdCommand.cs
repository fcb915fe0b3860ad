using System.Management.Automation;
using KvmPve.Base;

namespace KvmPve.Commands.PiKvm
{
    /// <summary>Resets the virtual media: the drive disconnected and its settings back to their defaults (images stay).</summary>
    [Cmdlet(VerbsCommon.Reset, "PiKvmMsd", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(PiKvmMsdState))]
    public sealed class ResetPiKvmMsdCommand : PiKvmFleetCmdlet
    {
        protected override void ProcessRecord() =>
            OnEachDevice(
                session => ShouldProcess($"the machine behind {session.Server}", "Reset the virtual media (the drive is disconnected)"),
                async (session, token) =>
                {
                    await session.ResetMsdAsync(token).ConfigureAwait(false);
                    return await session.GetMsdAsync(token).ConfigureAwait(false);
                });
    }
}
