using System.Collections.Generic;

namespace KvmPve.Sessions
{
    /// <summary>The open sessions of one kind in one runspace, and which is the default.</summary>
    internal sealed class SessionList<T>
        where T : class
    {
        private readonly List<T> _sessions = new List<T>();

        public T? Default { get; private set; }

        /// <summary>A new session becomes the default.</summary>
        public void Add(T session)
        {
            lock (_sessions)
            {
                _sessions.Add(session);
                Default = session;
            }
        }

        /// <summary>
        /// Forgets a session. Removing the default leaves no default on purpose: silently switching a script to
        /// another machine could send an action to the wrong one.
        /// </summary>
        public void Remove(T session)
        {
            lock (_sessions)
            {
                _sessions.Remove(session);
                if (ReferenceEquals(Default, session))
                {
                    Default = null;
                }
            }
        }

        /// <summary>A copy, so <c>Get-…Session | Disconnect-…</c> never edits the list it enumerates.</summary>
        public T[] Snapshot()
        {
            lock (_sessions)
            {
                return _sessions.ToArray();
            }
        }
    }
}
