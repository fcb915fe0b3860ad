using System.Management.Automation;
using KvmPve.Sessions;

namespace KvmPve.Commands.PiKvm
{
    /// <summary>The PiKVM sessions open in this runspace.</summary>
    [Cmdlet(VerbsCommon.Get, "PiKvmSession")]
    [OutputType(typeof(PiKvmSession))]
    public sealed class GetPiKvmSessionCommand : PSCmdlet
    {
        protected override void EndProcessing() => WriteObject(SessionStore.Current.Of<PiKvmSession>().Snapshot(), true);
    }
}
