using System.Management.Automation;
using KvmPve.Base;

namespace KvmPve.Commands.PiKvm
{
    /// <summary>The PiKVM's virtual drive and its storage.</summary>
    [Cmdlet(VerbsCommon.Get, "PiKvmMsd")]
    [OutputType(typeof(PiKvmMsdState))]
    public sealed class GetPiKvmMsdCommand : PiKvmFleetCmdlet
    {
        protected override void ProcessRecord() =>
            OnEachDevice(_ => true, async (session, token) => await session.GetMsdAsync(token).ConfigureAwait(false));
    }
}
