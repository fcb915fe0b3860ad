using System.Collections.Generic;
using System.Management.Automation;
using KvmPve.Sessions;

namespace KvmPve.Base
{
    /// <summary>A cmdlet that talks to a server: <c>-Session</c>, or the runspace's default from Connect-PiKvm / Connect-Pve.</summary>
    public abstract class SessionCmdlet<TSession> : KvmPveCmdlet
        where TSession : KvmPveSession
    {
        /// <summary>The sessions given with -Session or from the pipeline; null when none was.</summary>
        internal abstract IReadOnlyList<TSession>? GivenSessions { get; }

        /// <summary>PiKvm or Pve: names the error ids and the Connect- cmdlet.</summary>
        internal abstract string Product { get; }

        internal SessionList<TSession> Sessions => SessionStore.Current.Of<TSession>();

        /// <summary>The sessions to work on (the default when none was given), each checked to be open.</summary>
        protected IReadOnlyList<TSession> ResolveSessions()
        {
            IReadOnlyList<TSession> sessions = GivenSessions is { Count: > 0 } given ? given
                : Sessions.Default is TSession fallback ? new[] { fallback } : System.Array.Empty<TSession>();
            if (sessions.Count == 0)
            {
                ThrowTerminatingError(ErrorRecords.Create(Product + "NotConnected", ErrorCategory.ConnectionError,
                    $"There is no {Product} session. Run Connect-{Product} first, or pass one with -Session.", null));
            }

            foreach (TSession session in sessions)
            {
                if (!session.IsOpen)
                {
                    ThrowTerminatingError(ErrorRecords.Create(Product + "SessionClosed", ErrorCategory.ConnectionError,
                        $"The session to {session.Server} was closed by Disconnect-{Product}. Run Connect-{Product} again.", session));
                }
            }

            return sessions;
        }

        /// <summary>The one session of a cmdlet that works on one server at a time.</summary>
        protected TSession ResolveSession()
        {
            IReadOnlyList<TSession> sessions = ResolveSessions();
            if (sessions.Count > 1)
            {
                ThrowTerminatingError(ErrorRecords.Create(Product + "OneSessionOnly", ErrorCategory.InvalidArgument,
                    $"{MyInvocation.MyCommand.Name} works on one server at a time; -Session got {sessions.Count}. Pass one, or loop with ForEach-Object.", null));
            }

            return sessions[0];
        }
    }

    public abstract class PiKvmCmdlet : SessionCmdlet<PiKvmSession>
    {
        /// <summary>
        /// The sessions to use; the default is the last one Connect-PiKvm opened in this runspace. Binds from sessions
        /// piped in and from any object's Session property.
        /// </summary>
        [Parameter(ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        public PiKvmSession[]? Session { get; set; }

        internal override IReadOnlyList<PiKvmSession>? GivenSessions => Session;

        internal override string Product => "PiKvm";
    }

    public abstract class PveCmdlet : SessionCmdlet<PveSession>
    {
        /// <summary>
        /// The session to use; the default is the last one Connect-Pve opened in this runspace. Binds from a session
        /// piped in and from any object's Session property.
        /// </summary>
        [Parameter(ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        public PveSession? Session { get; set; }

        internal override IReadOnlyList<PveSession>? GivenSessions => Session == null ? null : new[] { Session };

        internal override string Product => "Pve";

        /// <summary>
        /// The guests named by VMIDs or names (wildcards), each checked with <paramref name="check"/> before anything
        /// changes; null (with the error written) when any is unknown, ambiguous or refused, so nothing is half done.
        /// </summary>
        protected System.Collections.Generic.IReadOnlyList<PveVm>? ResolveGuests(PveSession session, int[]? vmIds, string[]? names, string? node, PveGuestType? type, System.Action<PveVm>? check = null)
        {
            object target = (object?)names ?? vmIds ?? System.Array.Empty<int>();
            try
            {
                System.Collections.Generic.IReadOnlyList<PveVm> guests = Run(token => session.ResolveTargetsAsync(vmIds, names, node, type, e => Post(() => WriteError(e, target)), token));
                foreach (PveVm vm in guests)
                {
                    check?.Invoke(vm);
                }

                return guests;
            }
            catch (KvmPve.Errors.KvmPveException ex)
            {
                WriteError(ex, target);
                return null;
            }
        }

        protected static string GuestLabel(PveVm vm) => vm.Name == null ? $"{vm.VmId} on {vm.Node}" : $"{vm.Name} ({vm.VmId} on {vm.Node})";

        /// <summary>The warning for a task that ended with WARNINGS: a success, with a pointer to what it warned about.</summary>
        internal static string WarningsMessage(PveTask task) =>
            $"Task {task.Type} {task.Id} on {task.Node} finished with {task.ExitStatus}. Get-PveTaskLog -Upid '{task.Upid}' shows them.";
    }
}
