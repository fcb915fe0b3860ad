using System.Management.Automation;
using KvmPve.Errors;

namespace KvmPve.Base
{
    /// <summary>Disconnect-PiKvm and Disconnect-Pve: close the session (logging out where the API can), then forget it.</summary>
    public abstract class DisconnectCmdlet<TSession> : SessionCmdlet<TSession>
        where TSession : KvmPveSession
    {
        protected override void ProcessRecord()
        {
            TSession? session = Session ?? Sessions.Default;
            if (session == null)
            {
                ThrowTerminatingError(ErrorRecords.Create(Product + "NotConnected", ErrorCategory.ConnectionError,
                    $"There is no {Product} session to disconnect. Get-{Product}Session lists the open ones.", null));
            }

            if (!ShouldProcess(session!.Server.ToString(), $"Close the {Product} session"))
            {
                return;
            }

            try
            {
                Run(token => session.CloseAsync(token));
            }
            catch (KvmPveException ex)
            {
                // The session is closed locally either way; the server's answer is only reported.
                WriteError(ex, session);
            }
            finally
            {
                Sessions.Remove(session);
            }
        }
    }
}
