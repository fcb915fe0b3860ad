using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using KvmPve.Errors;
using KvmPve.Json;

namespace KvmPve
{
    public sealed partial class PveSession
    {
        /// <summary>
        /// The guests a lifecycle cmdlet acts on, all resolved before any of them is touched. A guest piped in with
        /// its node and type needs no lookup; ids and names are found cluster-wide. An unknown id or name, or a
        /// name (without wildcards) that several guests share, is reported through <paramref name="error"/> and skipped.
        /// </summary>
        internal async Task<IReadOnlyList<PveVm>> ResolveTargetsAsync(IReadOnlyList<int>? vmIds, IReadOnlyList<string>? names, string? node, PveGuestType? type, Action<KvmPveException> error, CancellationToken cancellationToken)
        {
            CheckIds(vmIds);
            if (vmIds is { Count: 1 } && !string.IsNullOrEmpty(node) && type != null)
            {
                return new[] { new PveVm { VmId = vmIds[0], Node = node!, Type = type.Value, Session = this } };
            }

            var query = new PveVmQuery { VmId = vmIds, Name = names, Node = string.IsNullOrEmpty(node) ? null : new[] { node! }, Type = type };
            IReadOnlyList<PveVm> found = await GetVmsAsync(query, error, cancellationToken).ConfigureAwait(false);
            var ambiguous = new HashSet<int>();
            foreach (string name in (names ?? Array.Empty<string>()).Where(n => !Wildcard.HasWildcards(n)))
            {
                List<PveVm> same = found.Where(v => string.Equals(v.Name, name, StringComparison.OrdinalIgnoreCase)).ToList();
                if (same.Count > 1)
                {
                    error(KvmPveException.Invalid("PveVmNameAmbiguous",
                        $"'{name}' names {same.Count} guests ({string.Join(", ", same.Select(v => v.VmId + " on " + v.Node))}). Use -VmId to say which."));
                    ambiguous.UnionWith(same.Select(v => v.VmId));
                }
            }

            return found.Where(v => !ambiguous.Contains(v.VmId)).ToList();
        }
    }
}
