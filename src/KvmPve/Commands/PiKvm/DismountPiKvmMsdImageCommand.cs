using System.Management.Automation;
using KvmPve.Base;

namespace KvmPve.Commands.PiKvm
{
    /// <summary>Disconnects the virtual drive from the machine.</summary>
    [Cmdlet(VerbsData.Dismount, "PiKvmMsdImage", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(PiKvmMsdState))]
    public sealed class DismountPiKvmMsdImageCommand : PiKvmFleetCmdlet
    {
        protected override void ProcessRecord() =>
            OnEachDevice(
                session => ShouldProcess($"the machine behind {session.Server}", "Disconnect the virtual drive"),
                async (session, token) => await session.DismountAsync(token).ConfigureAwait(false));
    }
}
