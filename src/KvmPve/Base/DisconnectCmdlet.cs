using System.Collections.Generic;
using System.Management.Automation;
using KvmPve.Errors;

namespace KvmPve.Base
{
    /// <summary>Disconnect-PiKvm and Disconnect-Pve: closes the given sessions (or the default) and forgets them.</summary>
    public abstract class DisconnectCmdlet<TSession> : SessionCmdlet<TSession>
        where TSession : KvmPveSession
    {
        /// <summary>The sessions to close; the default is the runspace's default session.</summary>
        [Parameter(ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        public TSession[]? Session { get; set; }

        internal override IReadOnlyList<TSession>? GivenSessions => Session;

        protected override void ProcessRecord()
        {
            TSession[] sessions = Session is { Length: > 0 } ? Session : Sessions.Default is TSession fallback ? new[] { fallback } : System.Array.Empty<TSession>();
            if (sessions.Length == 0)
            {
                ThrowTerminatingError(ErrorRecords.Create(Product + "NotConnected", ErrorCategory.ConnectionError,
                    $"There is no {Product} session to disconnect. Get-{Product}Session lists the open ones.", null));
            }

            foreach (TSession session in sessions)
            {
                Close(session);
            }
        }

        private void Close(TSession session)
        {
            if (!ShouldProcess(session.Server.ToString(), $"Close the {Product} session"))
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
