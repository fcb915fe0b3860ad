using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using KvmPve.Errors;
using KvmPve.Json;

namespace KvmPve
{
    public sealed partial class PveSession
    {
        // pve-common's pve-tag format.
        private static readonly Regex TagFormat = new Regex("^[a-z0-9_][a-z0-9_+.-]*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

        private const int TagAttempts = 3;

        /// <summary>Refuses a tag PVE's format (pve-tag) does not take, before any request.</summary>
        internal static void CheckTags(IEnumerable<string> tags)
        {
            foreach (string tag in tags)
            {
                if (tag == null || !TagFormat.IsMatch(tag))
                {
                    throw KvmPveException.Invalid("PveInvalidTag",
                        $"'{tag}' is not a PVE tag: a letter, digit or '_' first, then letters, digits, '_', '-', '+' and '.' (no spaces, ';' or ',').");
                }
            }
        }

        /// <summary>
        /// Adds and removes tags (removals may use wildcards) in a read-modify-write guarded by the configuration's
        /// digest: a concurrent edit makes PVE refuse the write, and the change is made again on what is there now.
        /// Tags compare without case, as PVE's default tag style does.
        /// </summary>
        internal async Task ChangeTagsAsync(PveVm vm, IReadOnlyList<string> add, IReadOnlyList<string> remove, CancellationToken cancellationToken)
        {
            CheckTags(add);
            for (int attempt = 1; ; attempt++)
            {
                PveVmConfig config = await GetConfigAsync(vm, false, cancellationToken).ConfigureAwait(false);
                List<string> tags = config.Tags.Where(t => !remove.Any(r => Wildcard.IsMatch(t, r))).ToList();
                tags.AddRange(add.Where(a => !tags.Contains(a, StringComparer.OrdinalIgnoreCase)).Distinct(StringComparer.OrdinalIgnoreCase));
                if (tags.SequenceEqual(config.Tags))
                {
                    return;
                }

                var pairs = new List<KeyValuePair<string, string>> { tags.Count > 0 ? Pair("tags", string.Join(";", tags)) : Pair("delete", "tags") };
                AddIf(pairs, "digest", config.Digest);
                try
                {
                    await PutConfigAsync(vm, pairs, cancellationToken).ConfigureAwait(false);
                    return;
                }
                catch (KvmPveException ex) when (ex.ErrorId == "PveConfigChanged" && attempt < TagAttempts)
                {
                    // Someone changed the guest in between: read it again and apply the same change to what is there now.
                }
            }
        }
    }
}
