using System.Management.Automation;
using KvmPve.Base;

namespace KvmPve.Commands.PiKvm
{
    /// <summary>The PiKVM Switch: its units, the active port, and each port's name, ATX LEDs, links and EDID.</summary>
    [Cmdlet(VerbsCommon.Get, "PiKvmSwitch")]
    [OutputType(typeof(PiKvmSwitch))]
    public sealed class GetPiKvmSwitchCommand : PiKvmFleetCmdlet
    {
        protected override void ProcessRecord() =>
            OnEachDevice(_ => true, async (session, token) => await session.GetSwitchAsync(token).ConfigureAwait(false));
    }
}
