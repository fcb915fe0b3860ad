using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using KvmPve.Errors;
using KvmPve.Json;
using KvmPve.Pve;

namespace KvmPve
{
    public sealed partial class PveSession
    {
        // PVE's pve-poolid format.
        private static readonly Regex PoolId = new Regex("^[A-Za-z0-9._-]+(?:/[A-Za-z0-9._-]+){0,2}$", RegexOptions.CultureInvariant);

        internal static void CheckPool(string? pool)
        {
            if (pool == null || !PoolId.IsMatch(pool))
            {
                throw KvmPveException.Invalid("PveInvalidPoolName", $"'{pool}' is not a PVE pool name: letters, digits, '.', '-' and '_', up to three levels joined by '/' (pve-access-control's verify_poolname).");
            }
        }

        /// <summary>The pools (wildcards), each with its members (PVE 9.1: GET /pools, then GET /pools?poolid= per pool).</summary>
        internal async Task<IReadOnlyList<PvePool>> GetPoolsAsync(IReadOnlyList<string>? names, Action<KvmPveException> notFound, CancellationToken cancellationToken)
        {
            EnsureOpen();
            JsonElement list = await Client.RequestAsync(HttpMethod.Get, "/pools", null, cancellationToken).ConfigureAwait(false);
            List<string> all = list.EnumerateArray().Select(p => JsonTree.String(p, "poolid") ?? string.Empty).OrderBy(p => p, StringComparer.Ordinal).ToList();
            var pools = new List<PvePool>();
            foreach (string name in Wildcard.Select(all, names, p => p, n => notFound(NotFound("PvePoolNotFound", $"There is no pool '{n}'. Pools: {(all.Count == 0 ? "none" : string.Join(", ", all))}."))))
            {
                JsonElement detail = await Client.RequestAsync(HttpMethod.Get, "/pools", new[] { Pair("poolid", name) }, cancellationToken).ConfigureAwait(false);
                // PVE 9.1 answers ?poolid= with that pool alone; an older or partial server may list them all.
                pools.AddRange((detail.ValueKind == JsonValueKind.Array ? detail.EnumerateArray().Select(p => PvePool.From(p, this)) : new[] { PvePool.From(detail, this) }).Where(p => p.Name == name));
            }

            return pools;
        }

        internal async Task<PvePool> NewPoolAsync(string name, string? comment, CancellationToken cancellationToken)
        {
            CheckPool(name);
            EnsureOpen();
            var pairs = new List<KeyValuePair<string, string>> { Pair("poolid", name) };
            AddIf(pairs, "comment", comment);
            await Client.RequestAsync(HttpMethod.Post, "/pools", pairs, cancellationToken).ConfigureAwait(false);
            return new PvePool { Name = name, Comment = comment, Session = this };
        }

        /// <summary>Deletes a pool; PVE refuses one that still has members, and says so.</summary>
        internal async Task RemovePoolAsync(string name, CancellationToken cancellationToken)
        {
            CheckPool(name);
            EnsureOpen();
            await Client.RequestAsync(HttpMethod.Delete, "/pools", new[] { Pair("poolid", name) }, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>
        /// Adds guests and storages to a pool, or removes them (PUT /pools with delete=1). A guest in another pool is
        /// moved only with <paramref name="allowMove"/> (PVE refuses otherwise).
        /// </summary>
        internal async Task ChangePoolMembersAsync(string pool, IReadOnlyCollection<int> vmIds, IReadOnlyCollection<string> storages, bool remove, bool allowMove, CancellationToken cancellationToken)
        {
            CheckPool(pool);
            CheckIds(vmIds);
            foreach (string storage in storages)
            {
                PveNames.CheckStorage(storage);
            }

            if (vmIds.Count == 0 && storages.Count == 0)
            {
                throw KvmPveException.Invalid("PvePoolMemberMissing", "Name the members: guests from the pipeline or -VmId, storages with -Storage.");
            }

            EnsureOpen();
            var pairs = new List<KeyValuePair<string, string>> { Pair("poolid", pool) };
            AddIf(pairs, "vms", string.Join(",", vmIds.Select(i => i.ToString(CultureInfo.InvariantCulture))));
            AddIf(pairs, "storage", string.Join(",", storages));
            AddIf(pairs, "delete", remove ? "1" : null);
            AddIf(pairs, "allow-move", allowMove && !remove ? "1" : null);
            await Client.RequestAsync(HttpMethod.Put, "/pools", pairs, cancellationToken).ConfigureAwait(false);
        }
    }
}
