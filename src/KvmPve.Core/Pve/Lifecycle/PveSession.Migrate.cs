using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using KvmPve.Errors;
using KvmPve.Json;
using KvmPve.Pve;

namespace KvmPve
{
    public sealed partial class PveSession
    {
        /// <summary>
        /// Migrates a guest to <paramref name="target"/>. PVE's preconditions (GET .../migrate) are read first and a
        /// refusal is an error with PVE's reasons before anything is sent. An HA-managed guest is handed to the HA
        /// manager (POST /cluster/ha/resources/{sid}/migrate), which moves it in its own time: there is no task, so the
        /// one returned has already ended (type hamigrate) and waiting means watching the guest.
        /// </summary>
        internal async Task<PveTask> MigrateAsync(PveVm vm, string target, bool online, bool withLocalDisks, CancellationToken cancellationToken)
        {
            CheckNode(target);
            if (string.Equals(vm.Node, target, StringComparison.Ordinal))
            {
                throw KvmPveException.Invalid("PveAlreadyOnNode", $"{vm} is already on node '{target}'.");
            }

            EnsureOpen();
            string path = GuestPath(vm.Node, vm.Type, vm.VmId) + "/migrate";
            if (vm.HaState != null)
            {
                string sid = (vm.Type == PveGuestType.Lxc ? "ct:" : "vm:") + vm.VmId.ToString(CultureInfo.InvariantCulture);
                JsonElement answer = await Client.RequestAsync(HttpMethod.Post, $"/cluster/ha/resources/{Uri.EscapeDataString(sid)}/migrate", new[] { Pair("node", target) }, cancellationToken).ConfigureAwait(false);
                string[] blocking = Strings(JsonTree.At(answer, "blocking-resources")).ToArray();
                if (blocking.Length > 0)
                {
                    throw new KvmPveException(ErrorKind.InvalidOperation, "PveMigrationRefused", $"The HA manager will not move {vm} to '{target}': blocked by {string.Join(", ", blocking)}.");
                }

                return PveTask.Done($"hamigrate:{sid}:{target}", "hamigrate", vm, this);
            }

            JsonElement check = await Client.RequestAsync(HttpMethod.Get, path, new[] { Pair("target", target) }, cancellationToken).ConfigureAwait(false);
            CheckMigration(vm, target, online, check);
            var pairs = new List<KeyValuePair<string, string>> { Pair("target", target) };
            if (online)
            {
                pairs.Add(Pair("online", "1"));
            }

            if (withLocalDisks && vm.Type == PveGuestType.Qemu)
            {
                pairs.Add(Pair("with-local-disks", "1"));
            }

            return await StartTaskAsync(HttpMethod.Post, path, pairs, cancellationToken).ConfigureAwait(false);
        }

        internal static void CheckNode(string node) => PveNames.CheckNodes(new[] { node }, wildcards: false);

        /// <summary>PVE's answer to GET .../migrate (qemu writes allowed_nodes, lxc allowed-nodes) read as refusals.</summary>
        internal static void CheckMigration(PveVm vm, string target, bool online, JsonElement check)
        {
            var reasons = new List<string>();
            JsonElement? notAllowed = JsonTree.At(check, "not_allowed_nodes") ?? JsonTree.At(check, "not-allowed-nodes");
            if (notAllowed is JsonElement refused && refused.ValueKind == JsonValueKind.Object && refused.TryGetProperty(target, out JsonElement why))
            {
                foreach (string storage in Strings(JsonTree.At(why, "unavailable_storages")))
                {
                    reasons.Add($"storage '{storage}' is not available on '{target}'");
                }

                if (JsonTree.At(why, "blocking-ha-resources") is JsonElement blocking && blocking.ValueKind == JsonValueKind.Array)
                {
                    reasons.AddRange(blocking.EnumerateArray().Select(b => $"HA resource {JsonTree.String(b, "sid")} blocks it ({JsonTree.String(b, "cause")})"));
                }

                if (reasons.Count == 0)
                {
                    reasons.Add($"PVE does not allow '{target}' as a target");
                }
            }

            JsonElement? allowedList = JsonTree.At(check, "allowed_nodes") ?? JsonTree.At(check, "allowed-nodes");
            string[] allowed = Strings(allowedList).ToArray();
            if (reasons.Count == 0 && allowedList != null && !allowed.Contains(target))
            {
                reasons.Add($"'{target}' is not among the nodes it may go to ({(allowed.Length == 0 ? "none" : string.Join(", ", allowed))})");
            }

            string[] local = Strings(JsonTree.At(check, "local_resources")).ToArray();
            if (local.Length > 0)
            {
                reasons.Add($"it uses local resources ({string.Join(", ", local)})");
            }

            if (vm.Type == PveGuestType.Qemu && JsonTree.Flag(check, "running") == true && !online)
            {
                reasons.Add("it is running: pass -Online for a live migration, or stop it first");
            }

            if (reasons.Count > 0)
            {
                throw new KvmPveException(ErrorKind.InvalidOperation, "PveMigrationRefused", $"{vm} cannot migrate to '{target}': {string.Join("; ", reasons)}. Nothing was changed.");
            }
        }

        private static IEnumerable<string> Strings(JsonElement? array) =>
            array is JsonElement a && a.ValueKind == JsonValueKind.Array ? a.EnumerateArray().Select(e => JsonTree.String(e) ?? e.GetRawText()) : Enumerable.Empty<string>();
    }
}
