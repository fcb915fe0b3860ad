using System.Management.Automation;
using KvmPve.Base;

namespace KvmPve.Commands.PiKvm
{
    /// <summary>The state of the PiKVM's emulated keyboard and mouse.</summary>
    [Cmdlet(VerbsCommon.Get, "PiKvmHid")]
    [OutputType(typeof(PiKvmHidState))]
    public sealed class GetPiKvmHidCommand : PiKvmFleetCmdlet
    {
        protected override void ProcessRecord() =>
            OnEachDevice(_ => true, async (session, token) => await session.GetHidAsync(token).ConfigureAwait(false));
    }
}
