using System.Management.Automation;
using KvmPve.Base;

namespace KvmPve.Commands.PiKvm
{
    /// <summary>The ATX state: enabled, busy, power and disk LEDs; of the PiKVM, or of a PiKVM Switch port.</summary>
    [Cmdlet(VerbsCommon.Get, "PiKvmAtx")]
    [OutputType(typeof(PiKvmAtxState))]
    public sealed class GetPiKvmAtxCommand : PiKvmAtxCmdlet
    {
        protected override void ProcessRecord() =>
            OnEachDevice(_ => true, async (session, token) => Port == null
                ? await session.GetAtxAsync(token).ConfigureAwait(false)
                : await session.GetSwitchAtxAsync(Port, token).ConfigureAwait(false), Port);
    }
}
