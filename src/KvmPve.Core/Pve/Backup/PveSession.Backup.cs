using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using KvmPve.Errors;
using KvmPve.Pve;

namespace KvmPve
{
    /// <summary>How New-PveBackup has vzdump back guests up.</summary>
    public sealed class PveBackupOptions
    {
        public string Storage { get; set; } = string.Empty;

        /// <summary>snapshot, suspend or stop.</summary>
        public string? Mode { get; set; }

        /// <summary>zstd, gzip, lzo or 0.</summary>
        public string? Compress { get; set; }

        /// <summary>vzdump's notes template ({{guestname}}, {{vmid}}, {{node}}, {{cluster}} are filled in).</summary>
        public string? Notes { get; set; }

        public bool Protected { get; set; }
    }

    public sealed partial class PveSession
    {
        /// <summary>One vzdump task for the given guests of one node.</summary>
        internal async Task<PveTask> StartBackupAsync(string node, IReadOnlyList<int> vmIds, PveBackupOptions options, CancellationToken cancellationToken)
        {
            PveNames.CheckStorage(options.Storage);
            CheckIds(vmIds);
            var pairs = new List<KeyValuePair<string, string>>
            {
                Pair("vmid", string.Join(",", vmIds.Select(id => id.ToString(CultureInfo.InvariantCulture)))),
                Pair("storage", options.Storage),
            };
            AddIf(pairs, "mode", options.Mode);
            AddIf(pairs, "compress", options.Compress);
            AddIf(pairs, "notes-template", options.Notes);
            AddIf(pairs, "protected", options.Protected ? "1" : null);
            return await StartTaskAsync(HttpMethod.Post, NodePath(node) + "/vzdump", pairs, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>For a finished vzdump task: each guest's newest archive on the storage made since the task started.</summary>
        internal async Task<object?> BackupArchivesAsync(PveTask task, string storage, IReadOnlyList<int> vmIds, CancellationToken cancellationToken)
        {
            IReadOnlyList<PveStorageItem> items = await GetStorageContentAsync(storage, task.Node, "backup", null, cancellationToken).ConfigureAwait(false);
            DateTime since = task.StartTime.AddSeconds(-1);
            List<PveStorageItem> made = vmIds
                .Select(id => items.Where(i => i.VmId == id && i.CreatedAt >= since).OrderByDescending(i => i.CreatedAt).FirstOrDefault())
                .Where(i => i != null).Select(i => i!).ToList();
            return made;
        }

        /// <summary>The backup archives of the given guests (all guests when none) on every storage that holds backups, newest first.</summary>
        internal async Task<IReadOnlyList<PveStorageItem>> GetBackupsAsync(IReadOnlyList<int>? vmIds, string? storage, CancellationToken cancellationToken)
        {
            IReadOnlyList<PveStorage> storages = await GetStoragesAsync(storage == null ? null : new[] { storage }, null, new[] { "backup" }, e => throw e, cancellationToken).ConfigureAwait(false);
            var items = new List<PveStorageItem>();
            // A shared storage is listed by every node: read it once.
            foreach (PveStorage store in storages.GroupBy(s => s.Shared ? s.Name : s.Name + "@" + s.Node).Select(g => g.First()))
            {
                items.AddRange(await GetStorageContentAsync(store.Name, store.Node, "backup", vmIds is { Count: 1 } ? vmIds[0] : (int?)null, cancellationToken).ConfigureAwait(false));
            }

            return items.Where(i => vmIds == null || vmIds.Count == 0 || (i.VmId is int id && vmIds.Contains(id)))
                .OrderByDescending(i => i.CreatedAt).ThenBy(i => i.VolId, StringComparer.Ordinal).ToList();
        }
    }
}
