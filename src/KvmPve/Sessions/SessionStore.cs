using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;

namespace KvmPve.Sessions
{
    /// <summary>
    /// Sessions per runspace, so <c>ForEach-Object -Parallel</c> and runbook hosts never share a default by accident.
    /// Read only on the pipeline thread, where <see cref="Runspace.DefaultRunspace"/> is the caller's.
    /// </summary>
    internal static class SessionStore
    {
        private static readonly ConditionalWeakTable<Runspace, RunspaceSessions> Table = new ConditionalWeakTable<Runspace, RunspaceSessions>();

        public static RunspaceSessions Current => Table.GetValue(Runspace.DefaultRunspace, _ => new RunspaceSessions());
    }

    internal sealed class RunspaceSessions
    {
        public SessionList<PiKvmSession> PiKvm { get; } = new SessionList<PiKvmSession>();
    }
}
