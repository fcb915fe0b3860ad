using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using KvmPve.Errors;
using KvmPve.Pve;
using KvmPve.Transport;

namespace KvmPve
{
    /// <summary>What Copy-PveVm asks of PVE's clone.</summary>
    public sealed class PveCloneOptions
    {
        public string? NewName { get; set; }

        /// <summary>The clone's VMID; none for the next free one.</summary>
        public int? NewId { get; set; }

        public bool Full { get; set; }

        public string? TargetNode { get; set; }

        public string? Storage { get; set; }

        public string? Snapshot { get; set; }

        public string? Pool { get; set; }
    }

    public sealed partial class PveSession
    {
        /// <summary>How long an id handed out stays held in this process (PVE lists the guest long before).</summary>
        internal static readonly TimeSpan HoldIdFor = TimeSpan.FromMinutes(5);

        private const int NewIdAttempts = 10;

        /// <summary>
        /// The next free VMID: PVE's /cluster/nextid, then on past the ids this process holds (each checked with PVE).
        /// With <paramref name="hold"/> the id is held in this process, so no other runspace gets it.
        /// </summary>
        internal async Task<int> NextVmIdAsync(bool hold, CancellationToken cancellationToken)
        {
            EnsureOpen();
            // The quirk: PVE answers a string although its schema says integer.
            JsonElement data = await Client.RequestAsync(HttpMethod.Get, "/cluster/nextid", null, cancellationToken).ConfigureAwait(false);
            int id = int.Parse(data.ValueKind == JsonValueKind.String ? data.GetString()! : data.GetRawText(), NumberStyles.Integer, CultureInfo.InvariantCulture);
            string cluster = Server.ToString();
            for (bool first = true; id <= 999_999_999; id++, first = false)
            {
                DateTimeOffset now = Client.Clock.UtcNow;
                if (PveVmIdReservations.IsHeld(cluster, id, now) || (!first && !await IsVmIdFreeAsync(id, cancellationToken).ConfigureAwait(false)))
                {
                    continue;
                }

                if (!hold || PveVmIdReservations.TryHold(cluster, id, now, now + HoldIdFor))
                {
                    return id;
                }
            }

            throw new KvmPveException(ErrorKind.ResourceUnavailable, "PveNoFreeVmId", "There is no free VMID left up to 999999999.");
        }

        /// <summary>Clones a guest (lxc: the new hostname); the task says the clone's VMID in <see cref="PveTask.NewVmId"/>.</summary>
        internal Task<PveTask> CloneAsync(PveVm vm, PveCloneOptions options, CancellationToken cancellationToken)
        {
            CheckIds(new[] { vm.VmId });
            CheckClone(options);
            return WithNewIdAsync(options.NewId, "-NewId", id =>
            {
                var pairs = new List<KeyValuePair<string, string>> { Pair("newid", id.ToString(CultureInfo.InvariantCulture)) };
                AddIf(pairs, vm.Type == PveGuestType.Lxc ? "hostname" : "name", options.NewName);
                AddIf(pairs, "full", options.Full ? "1" : null);
                AddIf(pairs, "target", options.TargetNode);
                AddIf(pairs, "storage", options.Storage);
                AddIf(pairs, "snapname", options.Snapshot);
                AddIf(pairs, "pool", options.Pool);
                return StartTaskAsync(HttpMethod.Post, GuestPath(vm.Node, vm.Type, vm.VmId) + "/clone", pairs, cancellationToken);
            }, cancellationToken);
        }

        /// <summary>What PVE would refuse in a clone's options, refused before any request.</summary>
        internal static void CheckClone(PveCloneOptions options)
        {
            PveNames.CheckGuestName(options.NewName, "-NewName");
            PveNames.CheckNodes(options.TargetNode == null ? null : new[] { options.TargetNode }, wildcards: false);
            if (options.Snapshot != null)
            {
                CheckSnapshotName(options.Snapshot);
            }
        }

        /// <summary>The checked keys of a new VM: node and name by PVE's formats, every key in PVE's schema.</summary>
        internal static List<KeyValuePair<string, string>> CheckCreate(string node, string? name, IDictionary? values)
        {
            PveNames.CheckNodes(new[] { node }, wildcards: false);
            PveNames.CheckGuestName(name, "-Name");
            List<KeyValuePair<string, string>> given = QueryString.Pairs(values, listsAsRepeatedKeys: false);
            PveKeyCheck.Check(given.Select(p => p.Key), PveConfigKeys.QemuCreate, "a new VM", "-Parameter");
            if (name != null && given.Any(p => p.Key == "name"))
            {
                throw KvmPveException.Invalid("PveInvalidConfigKey", "'name' is given both as -Name and in -Parameter: give it once.");
            }

            return given;
        }

        /// <summary>Creates a VM on <paramref name="node"/>; every key of <paramref name="values"/> checked against PVE's schema first.</summary>
        internal Task<PveTask> CreateVmAsync(string node, int? vmId, string? name, IDictionary? values, CancellationToken cancellationToken)
        {
            List<KeyValuePair<string, string>> given = CheckCreate(node, name, values);
            return WithNewIdAsync(vmId, "-VmId", id =>
            {
                var pairs = new List<KeyValuePair<string, string>> { Pair("vmid", id.ToString(CultureInfo.InvariantCulture)) };
                AddIf(pairs, "name", name);
                pairs.AddRange(given);
                return StartTaskAsync(HttpMethod.Post, NodePath(node) + "/qemu", pairs, cancellationToken);
            }, cancellationToken);
        }

        /// <summary>
        /// For a task that makes guest <paramref name="vmId"/>: that guest once it is listed without a lock (on
        /// <paramref name="node"/>, when given), null before. PVE writes the new configuration locked when the task
        /// starts and unlocks it when the task is done.
        /// </summary>
        internal async Task<object?> GuestReadyAsync(int vmId, string? node, CancellationToken cancellationToken)
        {
            IReadOnlyList<PveVm> found = await RecentGuestsAsync(cancellationToken).ConfigureAwait(false);
            PveVm? seen = found.FirstOrDefault(v => v.VmId == vmId);
            return seen != null && seen.Lock == null && (node == null || seen.Node == node) ? seen
                : (object)new PveNotYet($"guest {vmId} to be listed{(node == null ? string.Empty : " on " + node)} without a lock",
                    seen == null ? "it is not listed" : $"it is on {seen.Node}{(seen.Lock == null ? string.Empty : ", locked (" + seen.Lock + ")")}");
        }

        /// <summary>
        /// Starts a task that takes a VMID. A given id that PVE says is taken is a ResourceExists error. Without one,
        /// the next free id is held and used; when PVE says another process took it meanwhile, the next one is tried.
        /// </summary>
        private async Task<PveTask> WithNewIdAsync(int? given, string parameter, Func<int, Task<PveTask>> start, CancellationToken cancellationToken)
        {
            string cluster = Server.ToString();
            if (given is int fixedId)
            {
                CheckIds(new[] { fixedId });
                try
                {
                    PveTask task = await start(fixedId).ConfigureAwait(false);
                    task.NewVmId = fixedId;
                    return task;
                }
                catch (KvmPveException ex) when (IsTaken(ex))
                {
                    throw new KvmPveException(ErrorKind.ResourceExists, "PveVmIdTaken",
                        $"VMID {fixedId} in {parameter} is taken: {ex.Message} Leave out {parameter} to use the next free VMID.", ex.StatusCode);
                }
                finally
                {
                    // A hold from Get-PveNextVmId -Reserve has served its purpose.
                    PveVmIdReservations.Release(cluster, fixedId);
                }
            }

            for (int attempt = 0; attempt < NewIdAttempts; attempt++)
            {
                int id = await NextVmIdAsync(hold: true, cancellationToken).ConfigureAwait(false);
                try
                {
                    // The hold stays until it expires: PVE lists the guest by then, and nextid skips it.
                    PveTask task = await start(id).ConfigureAwait(false);
                    task.NewVmId = id;
                    return task;
                }
                catch (KvmPveException ex) when (IsTaken(ex))
                {
                    // Another process took it between nextid and this request; the hold keeps this process off it.
                    Transport.RequestLog.Write($"VMID {id} was taken meanwhile; trying the next one.");
                }
                catch
                {
                    PveVmIdReservations.Release(cluster, id);
                    throw;
                }
            }

            throw new KvmPveException(ErrorKind.ResourceBusy, "PveVmIdRace",
                $"{NewIdAttempts} free VMIDs in a row were taken by others before PVE could use them. Try again, or give {parameter}.");
        }

        private async Task<bool> IsVmIdFreeAsync(int id, CancellationToken cancellationToken)
        {
            try
            {
                await Client.RequestAsync(HttpMethod.Get, "/cluster/nextid", new[] { Pair("vmid", id.ToString(CultureInfo.InvariantCulture)) }, cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (KvmPveException ex) when (ex.StatusCode == 400)
            {
                return false;
            }
        }

        // PVE's words when a VMID is in use: "VM 105 already exists on node ...", "config file already exists", or a
        // leftover volume of that id ("volume ... already exists").
        private static bool IsTaken(KvmPveException ex) => ex.StatusCode is int status && status >= 400 && ex.Message.IndexOf("already exists", StringComparison.Ordinal) >= 0;
    }
}
