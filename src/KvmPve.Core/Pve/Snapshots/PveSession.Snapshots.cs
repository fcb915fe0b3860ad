using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using KvmPve.Errors;
using KvmPve.Json;

namespace KvmPve
{
    public sealed partial class PveSession
    {
        // PVE's pve-configid format (PVE::JSONSchema::pve_verify_configid), at most 40 characters per the schema.
        private static readonly Regex SnapshotName = new Regex("^[a-zA-Z][a-zA-Z0-9_-]+$", RegexOptions.CultureInvariant);

        /// <summary>The guest's snapshots in tree order, filtered by name (wildcards); a plain name that matches none goes to <paramref name="notFound"/>.</summary>
        internal async Task<IReadOnlyList<PveSnapshot>> GetSnapshotsAsync(PveVm vm, IReadOnlyList<string>? names, Action<KvmPveException>? notFound, CancellationToken cancellationToken)
        {
            EnsureOpen();
            JsonElement data = await Client.RequestAsync(HttpMethod.Get, SnapshotPath(vm), null, cancellationToken).ConfigureAwait(false);
            List<PveSnapshot> snapshots = PveSnapshot.ListFrom(data, vm);
            return Wildcard.Select(snapshots, names, s => s.Name, name => notFound?.Invoke(SnapshotNotFound(vm, name, snapshots)));
        }

        /// <summary>Takes a snapshot: the name checked against PVE's format and against the guest's snapshots first.</summary>
        internal async Task<PveTask> CreateSnapshotAsync(PveVm vm, string name, string? description, bool includeMemory, CancellationToken cancellationToken)
        {
            CheckSnapshotName(name);
            if (includeMemory && vm.Type == PveGuestType.Lxc)
            {
                throw KvmPveException.Invalid("PveMemorySnapshotNotSupported", $"{vm} is a container: containers have no memory snapshots. Leave out -IncludeMemory.");
            }

            IReadOnlyList<PveSnapshot> existing = await GetSnapshotsAsync(vm, null, null, cancellationToken).ConfigureAwait(false);
            if (existing.Any(s => string.Equals(s.Name, name, StringComparison.Ordinal)))
            {
                throw new KvmPveException(ErrorKind.ResourceExists, "PveSnapshotExists", $"{vm} already has a snapshot '{name}'. Choose another name, or remove it first with Remove-PveSnapshot.");
            }

            var parameters = new List<KeyValuePair<string, string>> { Pair("snapname", name) };
            if (!string.IsNullOrEmpty(description))
            {
                parameters.Add(Pair("description", description!));
            }

            if (vm.Type == PveGuestType.Qemu)
            {
                parameters.Add(Pair("vmstate", includeMemory ? "1" : "0"));
            }

            return await StartTaskAsync(HttpMethod.Post, SnapshotPath(vm), parameters, cancellationToken).ConfigureAwait(false);
        }

        internal Task<PveTask> RemoveSnapshotAsync(PveSnapshot snapshot, CancellationToken cancellationToken) =>
            StartTaskAsync(HttpMethod.Delete, SnapshotPath(snapshot) + "/" + Uri.EscapeDataString(snapshot.Name), null, cancellationToken);

        internal Task<PveTask> RollbackSnapshotAsync(PveSnapshot snapshot, bool start, CancellationToken cancellationToken) =>
            StartTaskAsync(HttpMethod.Post, SnapshotPath(snapshot) + "/" + Uri.EscapeDataString(snapshot.Name) + "/rollback",
                start ? new[] { Pair("start", "1") } : null, cancellationToken);

        internal static void CheckSnapshotName(string name)
        {
            if (name == null || name.Length > 40 || !SnapshotName.IsMatch(name) || name == "current" || string.Equals(name, "pending", StringComparison.OrdinalIgnoreCase))
            {
                throw KvmPveException.Invalid("PveInvalidSnapshotName",
                    $"'{name}' is not a valid snapshot name: 2 to 40 letters, digits, '-' and '_', starting with a letter ('current' and 'pending' are PVE's own).");
            }
        }

        private static string SnapshotPath(PveVm vm) => GuestPath(vm.Node, vm.Type, vm.VmId) + "/snapshot";

        private static string SnapshotPath(PveSnapshot snapshot) => GuestPath(snapshot.Node, snapshot.Type, snapshot.VmId) + "/snapshot";

        private static KvmPveException SnapshotNotFound(PveVm vm, string name, IReadOnlyList<PveSnapshot> snapshots) =>
            new KvmPveException(ErrorKind.ObjectNotFound, "PveSnapshotNotFound",
                $"{vm} has no snapshot '{name}'. Snapshots: {(snapshots.Count == 0 ? "none" : string.Join(", ", snapshots.Select(s => s.Name)))}.");
    }
}
