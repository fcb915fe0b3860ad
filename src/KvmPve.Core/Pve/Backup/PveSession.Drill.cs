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

namespace KvmPve
{
    /// <summary>How Test-PveBackupRestore runs a drill.</summary>
    public sealed class PveDrillOptions
    {
        /// <summary>The archive to restore; the guest's newest when not given.</summary>
        public string? VolId { get; set; }

        public string? Storage { get; set; }

        /// <summary>Start the restored guest and, for a VM, wait for its guest agent.</summary>
        public bool Boot { get; set; }

        /// <summary>Leave the restored guest there.</summary>
        public bool Keep { get; set; }

        /// <summary>How long the restore (and the start) may take.</summary>
        public TimeSpan Timeout { get; set; } = PveTaskBatch.DefaultTimeout;

        public TimeSpan AgentTimeout { get; set; } = TimeSpan.FromMinutes(5);
    }

    public sealed partial class PveSession
    {
        /// <summary>
        /// Each guest's newest archive, its age and storage, and whether a backup job covers it; with
        /// <paramref name="maxAge"/> a guest without an archive that young is Stale. Templates are left out.
        /// </summary>
        internal async Task<IReadOnlyList<PveBackupStatus>> GetBackupStatusAsync(IReadOnlyList<PveVm> guests, TimeSpan? maxAge, CancellationToken cancellationToken)
        {
            IReadOnlyList<PveStorageItem> archives = await GetBackupsAsync(null, null, cancellationToken).ConfigureAwait(false);
            JsonElement uncovered = await Client.RequestAsync(HttpMethod.Get, "/cluster/backup-info/not-backed-up", null, cancellationToken).ConfigureAwait(false);
            var notCovered = new HashSet<int>(uncovered.EnumerateArray().Select(g => JsonTree.Number(g, "vmid") is double id ? (int)id : int.Parse(JsonTree.String(g, "vmid") ?? "0", CultureInfo.InvariantCulture)));
            DateTime now = Client.Clock.UtcNow.LocalDateTime;
            return guests.Where(g => !g.Template).Select(g =>
            {
                PveStorageItem? newest = archives.FirstOrDefault(a => a.VmId == g.VmId);
                TimeSpan? age = newest?.CreatedAt is DateTime at ? now - at : (TimeSpan?)null;
                return new PveBackupStatus
                {
                    VmId = g.VmId, Name = g.Name, Node = g.Node, Type = g.Type, NewestArchive = newest?.VolId, NewestAt = newest?.CreatedAt, Age = age,
                    Storage = newest?.Storage, Verification = newest?.Verification, CoveredByJob = !notCovered.Contains(g.VmId),
                    Stale = maxAge is TimeSpan max && (age == null || age > max), Session = this,
                };
            }).ToList();
        }

        /// <summary>
        /// A restore drill for one guest: its newest (or the given) archive restored as a new guest with new MACs and
        /// every network link down, optionally started and its agent asked, timed, then removed unless kept. The
        /// original guest is never touched. A failure is the result's Error; what was restored is removed all the same.
        /// </summary>
        internal async Task<PveRestoreDrill> RestoreDrillAsync(PveVm vm, PveDrillOptions options, CancellationToken cancellationToken)
        {
            var result = new PveRestoreDrill { VmId = vm.VmId, Name = vm.Name, Node = vm.Node, Session = this };
            if (options.VolId != null)
            {
                ArchiveOf(options.VolId); // a malformed name is refused before anything is read
            }

            // One listing serves both: the newest archive, or the given one's age and node.
            IReadOnlyList<PveStorageItem> archives = await GetBackupsAsync(new[] { vm.VmId }, options.VolId?.Substring(0, options.VolId.IndexOf(':')), cancellationToken).ConfigureAwait(false);
            string volId = options.VolId ?? archives.FirstOrDefault()?.VolId
                ?? throw NotFound("PveArchiveNotFound", $"{vm} has no backup archive on any backup storage: nothing to drill. New-PveBackup makes one.");
            result.Archive = volId;
            PveStorageItem? item = archives.FirstOrDefault(a => a.VolId == volId);
            result.ArchiveAge = item?.CreatedAt is DateTime at ? Client.Clock.UtcNow.LocalDateTime - at : (TimeSpan?)null;

            DateTimeOffset start = Client.Clock.UtcNow;
            PveVm? restored = null;
            try
            {
                PveTask task = await RestoreAsync(volId, item, new PveRestoreOptions { Unique = true, Storage = options.Storage, Node = item?.Node.Length > 0 ? item.Node : null }, cancellationToken).ConfigureAwait(false);
                result.RestoredVmId = task.NewVmId;
                restored = new PveVm { VmId = task.NewVmId!.Value, Node = task.Node, Type = ArchiveOf(volId).Type, Name = vm.Name, Session = this };
                await WaitTaskAsync(task.Upid, options.Timeout, null, cancellationToken).ConfigureAwait(false);
                await UnlockedAsync(restored, options.Timeout - (Client.Clock.UtcNow - start), cancellationToken).ConfigureAwait(false);
                await LinksDownAsync(restored, cancellationToken).ConfigureAwait(false);
                result.RestoredIn = Client.Clock.UtcNow - start;
                if (options.Boot)
                {
                    result.Booted = false;
                    PveTask started = await ChangePowerAsync(restored, PvePowerAction.Start, null, cancellationToken).ConfigureAwait(false);
                    await WaitTaskAsync(started.Upid, options.Timeout, null, cancellationToken).ConfigureAwait(false);
                    result.Booted = true;
                    if (restored.Type == PveGuestType.Qemu)
                    {
                        result.AgentAnswered = false;
                        await WaitAgentAsync(restored, options.AgentTimeout, null, cancellationToken).ConfigureAwait(false);
                        result.AgentAnswered = true;
                    }
                }

                result.Succeeded = true;
            }
            catch (KvmPveException ex)
            {
                result.Error = ex.Message;
            }
            finally
            {
                if (restored != null && !options.Keep)
                {
                    result.Removed = await RemoveDrillGuestAsync(restored, options.Timeout, cancellationToken).ConfigureAwait(false);
                }
            }

            return result;
        }

        /// <summary>Every network device of the guest with link_down=1, so the copy never answers on the original's network.</summary>
        private async Task LinksDownAsync(PveVm vm, CancellationToken cancellationToken)
        {
            PveVmConfig config = await GetConfigAsync(vm, false, cancellationToken).ConfigureAwait(false);
            // qemu-server's and pve-container's netN both take link_down (the cable pulled).
            var pairs = config.Keys.Where(k => System.Text.RegularExpressions.Regex.IsMatch(k.Key, "^net[0-9]+$") && k.Value.IndexOf("link_down=1", StringComparison.Ordinal) < 0)
                .Select(k => Pair(k.Key, k.Value + ",link_down=1")).ToList();
            if (pairs.Count > 0)
            {
                AddIf(pairs, "digest", config.Digest);
                await PutConfigAsync(vm, pairs, cancellationToken).ConfigureAwait(false);
            }
        }

        private Task UnlockedAsync(PveVm vm, TimeSpan timeout, CancellationToken cancellationToken) =>
            UntilOutcomeAsync(ct => GuestReadyAsync(vm.VmId, vm.Node, ct), Client.Clock.UtcNow + timeout,
                notYet => $"The restore ended, but {notYet.Awaited} has not happened; last seen: {notYet.Seen}.", cancellationToken);

        private async Task<bool> RemoveDrillGuestAsync(PveVm vm, TimeSpan timeout, CancellationToken cancellationToken)
        {
            try
            {
                PveTask removal = await RemoveVmAsync(vm, new PveRemoveOptions { Force = true, Purge = true, DestroyUnreferencedDisks = true, StopTimeout = timeout }, cancellationToken).ConfigureAwait(false);
                await WaitTaskAsync(removal.Upid, timeout, null, cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (KvmPveException ex)
            {
                Transport.RequestLog.Write($"The drill's guest {vm.VmId} could not be removed: {ex.Message}");
                return false;
            }
        }
    }
}
