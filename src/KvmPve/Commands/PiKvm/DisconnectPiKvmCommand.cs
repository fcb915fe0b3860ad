using System.Management.Automation;
using KvmPve.Base;

namespace KvmPve.Commands.PiKvm
{
    /// <summary>Logs out (cookie sessions), closes the connection and forgets the session.</summary>
    [Cmdlet(VerbsCommunications.Disconnect, "PiKvm", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(void))]
    public sealed class DisconnectPiKvmCommand : DisconnectCmdlet<PiKvmSession>
    {
        internal override string Product => "PiKvm";
    }
}
