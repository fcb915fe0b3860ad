using System.Management.Automation;
using KvmPve.Base;

namespace KvmPve.Commands.PiKvm
{
    /// <summary>The keyboard layouts the PiKVM can type text in.</summary>
    [Cmdlet(VerbsCommon.Get, "PiKvmKeymap")]
    [OutputType(typeof(PiKvmKeymap))]
    public sealed class GetPiKvmKeymapCommand : PiKvmFleetCmdlet
    {
        protected override void ProcessRecord() =>
            OnEachDevice(_ => true, async (session, token) => await session.GetKeymapsAsync(token).ConfigureAwait(false));
    }
}
