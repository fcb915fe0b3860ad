using System;
using System.Collections.Concurrent;

namespace KvmPve.Pve
{
    /// <summary>
    /// VMIDs this process has handed out and not yet seen PVE take, per cluster: PVE has no reservation, so two
    /// runspaces asking /cluster/nextid at the same moment get the same id. Each skips what the other holds; other
    /// processes are met by trying the next id when PVE answers that one exists.
    /// </summary>
    internal static class PveVmIdReservations
    {
        private static readonly ConcurrentDictionary<(string Cluster, int Id), DateTimeOffset> Held = new ConcurrentDictionary<(string, int), DateTimeOffset>();

        /// <summary>Holds <paramref name="id"/> until <paramref name="until"/>; false when someone in this process holds it.</summary>
        public static bool TryHold(string cluster, int id, DateTimeOffset now, DateTimeOffset until)
        {
            while (true)
            {
                if (Held.TryAdd((cluster, id), until))
                {
                    return true;
                }

                if (!Held.TryGetValue((cluster, id), out DateTimeOffset held) || held > now)
                {
                    return false;
                }

                // An expired hold is free: replace it, unless another caller just did.
                if (Held.TryUpdate((cluster, id), until, held))
                {
                    return true;
                }
            }
        }

        public static bool IsHeld(string cluster, int id, DateTimeOffset now) => Held.TryGetValue((cluster, id), out DateTimeOffset until) && until > now;

        public static void Release(string cluster, int id) => Held.TryRemove((cluster, id), out _);
    }
}
