using System.Management.Automation;
using KvmPve.Base;

namespace KvmPve.Commands.PiKvm
{
    /// <summary>The ATX state: enabled, busy, power and disk LEDs.</summary>
    [Cmdlet(VerbsCommon.Get, "PiKvmAtx")]
    [OutputType(typeof(PiKvmAtxState))]
    public sealed class GetPiKvmAtxCommand : PiKvmFleetCmdlet
    {
        protected override void ProcessRecord() =>
            OnEachDevice(_ => true, async (session, token) => await session.GetAtxAsync(token).ConfigureAwait(false));
    }
}
