using System.Management.Automation;
using KvmPve.Base;

namespace KvmPve.Commands.PiKvm
{
    /// <summary>Resets the emulated keyboard and mouse (releases every key and button).</summary>
    [Cmdlet(VerbsCommon.Reset, "PiKvmHid", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(PiKvmHidState))]
    public sealed class ResetPiKvmHidCommand : PiKvmFleetCmdlet
    {
        protected override void ProcessRecord() =>
            OnEachDevice(
                session => ShouldProcess($"keyboard and mouse of {session.Server}", "Reset"),
                async (session, token) =>
                {
                    await session.ResetHidAsync(token).ConfigureAwait(false);
                    return await session.GetHidAsync(token).ConfigureAwait(false);
                });
    }
}
