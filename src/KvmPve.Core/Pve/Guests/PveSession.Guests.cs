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
        private readonly object _recentGate = new object();
        private Task<IReadOnlyList<PveVm>>? _recentGuests;
        private DateTimeOffset _recentAt;

        /// <summary>The names of the nodes that are online now: those a cluster-wide read can ask.</summary>
        internal async Task<IEnumerable<string>> OnlineNodeNamesAsync(CancellationToken cancellationToken) =>
            (await GetNodesAsync(null, _ => { }, cancellationToken).ConfigureAwait(false)).Where(n => n.Status == "online").Select(n => n.Name);

        internal async Task<IReadOnlyList<PveNode>> GetNodesAsync(IReadOnlyList<string>? names, Action<KvmPveException> notFound, CancellationToken cancellationToken)
        {
            PveNames.CheckNodes(names, wildcards: true);
            EnsureOpen();
            JsonElement data = await Client.RequestAsync(HttpMethod.Get, "/nodes", null, cancellationToken).ConfigureAwait(false);
            List<PveNode> nodes = data.EnumerateArray().Select(n => PveNode.From(n, this)).OrderBy(n => n.Name, StringComparer.Ordinal).ToList();
            return Wildcard.Select(nodes, names, n => n.Name, name =>
                notFound(NotFound("PveNodeNotFound", $"There is no node '{name}' in the cluster. Nodes: {string.Join(", ", nodes.Select(n => n.Name))}.")));
        }

        /// <summary>
        /// Every guest of the cluster in one request (GET /cluster/resources?type=vm), filtered here. A name or id
        /// given without wildcards that matches nothing is reported through <paramref name="notFound"/>.
        /// </summary>
        internal async Task<IReadOnlyList<PveVm>> GetVmsAsync(PveVmQuery query, Action<KvmPveException> notFound, CancellationToken cancellationToken)
        {
            CheckIds(query.VmId);
            PveNames.CheckNodes(query.Node, wildcards: true);
            EnsureOpen();
            var parameters = new[] { Pair("type", "vm") };
            JsonElement data = await Client.RequestAsync(HttpMethod.Get, "/cluster/resources", parameters, cancellationToken).ConfigureAwait(false);
            List<PveVm> all = data.EnumerateArray().Select(v => PveVm.From(v, this)).OrderBy(v => v.VmId).ToList();
            IEnumerable<PveVm> chosen = Wildcard.Select(all, query.Node, v => v.Node, node => notFound(NotFound("PveNodeNotFound", $"No guest runs on a node named '{node}'.")));

            if (query.Type is PveGuestType type)
            {
                chosen = chosen.Where(v => v.Type == type);
            }

            if (query.Status is { Count: > 0 })
            {
                chosen = chosen.Where(v => query.Status.Any(s => Wildcard.IsMatch(v.Status, s)));
            }

            if (query.Tag is { Count: > 0 })
            {
                chosen = chosen.Where(v => v.Tags.Any(t => query.Tag.Any(p => Wildcard.IsMatch(t, p))));
            }

            List<PveVm> filtered = chosen.ToList();
            if (query.Name is { Count: > 0 } || query.VmId is { Count: > 0 })
            {
                var byName = (query.Name ?? Array.Empty<string>()).ToList();
                var byId = (query.VmId ?? Array.Empty<int>()).ToList();
                foreach (string name in byName.Where(n => !Wildcard.HasWildcards(n) && !filtered.Any(v => Wildcard.IsMatch(v.Name, n))))
                {
                    notFound(NotFound("PveVmNotFound", $"There is no guest named '{name}'{Scope(query)}."));
                }

                foreach (int id in byId.Where(id => !filtered.Any(v => v.VmId == id)))
                {
                    notFound(NotFound("PveVmNotFound", $"There is no guest with VMID {id.ToString(CultureInfo.InvariantCulture)}{Scope(query)}."));
                }

                filtered = filtered.Where(v => byName.Any(n => Wildcard.IsMatch(v.Name, n)) || byId.Contains(v.VmId)).ToList();
            }

            return filtered;
        }

        /// <summary>
        /// Asks a guest to change power state and returns the task PVE started. Checked before anything is sent:
        /// a reset or a suspend to disk of a container, which PVE cannot do.
        /// </summary>
        internal async Task<PveTask> ChangePowerAsync(PveVm vm, PvePowerAction action, PvePowerOptions? options, CancellationToken cancellationToken)
        {
            CheckPower(vm, action, options);
            EnsureOpen();
            var parameters = new List<KeyValuePair<string, string>>();
            if (action == PvePowerAction.Shutdown && options?.TimeoutSec is int timeout)
            {
                parameters.Add(Pair("timeout", timeout.ToString(CultureInfo.InvariantCulture)));
            }

            if (action == PvePowerAction.Suspend && options?.ToDisk == true)
            {
                parameters.Add(Pair("todisk", "1"));
            }

            string path = GuestPath(vm.Node, vm.Type, vm.VmId) + "/status/" + action.ToString().ToLowerInvariant();
            return await StartTaskAsync(HttpMethod.Post, path, parameters, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>
        /// For a task PVE answered a power action with: the task once the guest shows what the action asked for, null
        /// before. PVE hands start/stop/shutdown of an HA-managed guest to the HA manager (an ha... task that ends at
        /// once) and the guest changes later, maybe on another node, so the guest is looked up cluster-wide. Other
        /// tasks: at once.
        /// </summary>
        internal async Task<object?> PowerOutcomeAsync(PveVm vm, PvePowerAction action, PveTask task, CancellationToken cancellationToken)
        {
            string? wanted = action == PvePowerAction.Start ? "running" : action == PvePowerAction.Stop || action == PvePowerAction.Shutdown ? "stopped" : null;
            if (wanted == null || !task.Type.StartsWith("ha", StringComparison.Ordinal))
            {
                return task;
            }

            IReadOnlyList<PveVm> now = await RecentGuestsAsync(cancellationToken).ConfigureAwait(false);
            PveVm? seen = now.FirstOrDefault(v => v.VmId == vm.VmId);
            return seen?.Status == wanted ? task
                : (object)new PveNotYet($"the HA manager to make {vm} {wanted}", seen == null ? $"guest {vm.VmId} is not listed" : $"it is {seen.Status} on {seen.Node} (HA state {seen.HaState ?? "none"})");
        }

        /// <summary>
        /// The cluster's guests as read at most a quarter of a poll interval ago: a batch's poll round asks after many guests
        /// at once (HA starts, clones, migrations), and one GET /cluster/resources answers them all.
        /// </summary>
        private Task<IReadOnlyList<PveVm>> RecentGuestsAsync(CancellationToken cancellationToken)
        {
            lock (_recentGate)
            {
                DateTimeOffset now = Client.Clock.UtcNow;
                if (_recentGuests == null || now - _recentAt >= TimeSpan.FromTicks(PveTaskBatch.PollInterval.Ticks / 4) || _recentGuests.IsFaulted || _recentGuests.IsCanceled)
                {
                    _recentGuests = GetVmsAsync(new PveVmQuery(), _ => { }, cancellationToken);
                    _recentAt = now;
                }

                return _recentGuests;
            }
        }

        internal static void CheckPower(PveVm vm, PvePowerAction action, PvePowerOptions? options)
        {
            CheckIds(new[] { vm.VmId });
            if (string.IsNullOrEmpty(vm.Node))
            {
                throw KvmPveException.Invalid("PveInvalidVm", $"The guest {vm.VmId} has no node: pass a guest from Get-PveVm, or use -VmId / -Name.");
            }

            PveNames.CheckNodes(new[] { vm.Node }, wildcards: false);

            if (vm.Type == PveGuestType.Lxc && action == PvePowerAction.Reset)
            {
                throw KvmPveException.Invalid("PveResetNotSupported", $"{vm} is a container: containers cannot be reset. Use Restart-PveVm without -Reset to reboot it.");
            }

            if (vm.Type == PveGuestType.Lxc && action == PvePowerAction.Suspend && options?.ToDisk == true)
            {
                throw KvmPveException.Invalid("PveSuspendToDiskNotSupported", $"{vm} is a container: containers cannot be suspended to disk (hibernated). Leave out -ToDisk.");
            }
        }

        private static void CheckIds(IEnumerable<int>? ids)
        {
            foreach (int id in ids ?? Array.Empty<int>())
            {
                if (id < 100 || id > 999_999_999)
                {
                    throw KvmPveException.Invalid("PveInvalidVmId", $"{id} is not a VMID: PVE's VMIDs run from 100 to 999999999.");
                }
            }
        }

        private static string Scope(PveVmQuery query) =>
            query.Node is { Count: > 0 } || query.Type != null || query.Status is { Count: > 0 } || query.Tag is { Count: > 0 } ? " among the guests the other filters select" : " in the cluster";

        private async Task<PveTask> StartTaskAsync(HttpMethod method, string path, IReadOnlyList<KeyValuePair<string, string>>? parameters, CancellationToken cancellationToken)
        {
            EnsureOpen();
            JsonElement upid = await Client.RequestAsync(method, path, parameters, cancellationToken).ConfigureAwait(false);
            return PveTask.FromUpid(Upid.Parse(upid.GetString()), this);
        }

        internal static string GuestPathOf(PveVm vm) => GuestPath(vm.Node, vm.Type, vm.VmId);

        private static string GuestPath(string node, PveGuestType type, int vmId) =>
            NodePath(node) + (type == PveGuestType.Lxc ? "/lxc/" : "/qemu/") + vmId.ToString(CultureInfo.InvariantCulture);

        /// <summary>/nodes/{node}, the node's name checked first (PVE's DNS-label format).</summary>
        private static string NodePath(string node)
        {
            PveNames.CheckNodes(new[] { node }, wildcards: false);
            return "/nodes/" + Uri.EscapeDataString(node);
        }

        private static KeyValuePair<string, string> Pair(string name, string value) => new KeyValuePair<string, string>(name, value);

        private static void AddIf(List<KeyValuePair<string, string>> pairs, string name, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                pairs.Add(Pair(name, value!));
            }
        }

        private static KvmPveException NotFound(string id, string message) => new KvmPveException(ErrorKind.ObjectNotFound, id, message);
    }

    /// <summary>What a power action may carry.</summary>
    public sealed class PvePowerOptions
    {
        /// <summary>Shutdown: how long PVE waits for the guest before giving up (PVE's timeout).</summary>
        public int? TimeoutSec { get; set; }

        /// <summary>Suspend: hibernate to disk (qemu only).</summary>
        public bool ToDisk { get; set; }
    }
}
