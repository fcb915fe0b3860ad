using System.Management.Automation;
using KvmPve.Sessions;

namespace KvmPve.Base
{
    /// <summary>A cmdlet that talks to a PiKVM: <c>-Session</c>, or the runspace's default from Connect-PiKvm.</summary>
    public abstract class PiKvmCmdlet : KvmPveCmdlet
    {
        /// <summary>
        /// The PiKVM session to use; the default is the last one Connect-PiKvm opened in this runspace. Binds from a
        /// session piped in (Get-PiKvmSession | Get-PiKvmInfo) and from any object's Session property.
        /// </summary>
        [Parameter(ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        public PiKvmSession? Session { get; set; }

        protected PiKvmSession ResolveSession() => Resolve(this, Session);

        internal static PiKvmSession Resolve(PSCmdlet cmdlet, PiKvmSession? given)
        {
            PiKvmSession? session = given ?? SessionStore.Current.PiKvm.Default;
            if (session == null)
            {
                cmdlet.ThrowTerminatingError(ErrorRecords.Create("PiKvmNotConnected", ErrorCategory.ConnectionError,
                    "There is no PiKVM session. Run Connect-PiKvm first, or pass one with -Session.", null));
            }

            if (!session!.IsOpen)
            {
                cmdlet.ThrowTerminatingError(ErrorRecords.Create("PiKvmSessionClosed", ErrorCategory.ConnectionError,
                    $"The session to {session.Server} was closed by Disconnect-PiKvm. Run Connect-PiKvm again.", session));
            }

            return session;
        }
    }
}
