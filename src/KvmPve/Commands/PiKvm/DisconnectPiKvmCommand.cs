using System.Management.Automation;
using KvmPve.Base;
using KvmPve.Errors;
using KvmPve.Sessions;

namespace KvmPve.Commands.PiKvm
{
    /// <summary>Logs out (cookie sessions), closes the connection and forgets the session.</summary>
    [Cmdlet(VerbsCommunications.Disconnect, "PiKvm", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(void))]
    public sealed class DisconnectPiKvmCommand : KvmPveCmdlet
    {
        [Parameter(ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        public PiKvmSession? Session { get; set; }

        protected override void ProcessRecord()
        {
            PiKvmSession? session = Session ?? SessionStore.Current.PiKvm.Default;
            if (session == null)
            {
                ThrowTerminatingError(ErrorRecords.Create("PiKvmNotConnected", ErrorCategory.ConnectionError,
                    "There is no PiKVM session to disconnect. Get-PiKvmSession lists the open ones.", null));
            }

            if (!ShouldProcess(session!.Server.ToString(), "Log out and close the PiKVM session"))
            {
                return;
            }

            try
            {
                Run(token => session.CloseAsync(token));
            }
            catch (KvmPveException ex)
            {
                // The session is closed locally either way; the PiKVM's answer is only reported.
                WriteError(ex, session);
            }
            finally
            {
                SessionStore.Current.PiKvm.Remove(session);
            }
        }
    }
}
