using System;
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
        private readonly SessionList<PiKvmSession> _piKvm = new SessionList<PiKvmSession>();
        private readonly SessionList<PveSession> _pve = new SessionList<PveSession>();

        public SessionList<T> Of<T>()
            where T : class =>
            (_piKvm as SessionList<T>) ?? (_pve as SessionList<T>) ?? throw new InvalidOperationException("No session list for " + typeof(T).Name);
    }
}
