using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
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
    /// <summary>An upload to PVE storage: a file from disk, or a URL PVE downloads itself.</summary>
    public sealed class PveUploadRequest
    {
        public string Storage { get; set; } = string.Empty;

        /// <summary>The node whose storage it goes to; set to the node that holds the storage when the upload starts.</summary>
        public string? Node { get; set; }

        /// <summary>iso, vztmpl or import.</summary>
        public string Content { get; set; } = "iso";

        /// <summary>The volume's file name (the local file's name when uploading a file).</summary>
        public string FileName { get; set; } = string.Empty;

        public string? Checksum { get; set; }

        /// <summary>md5, sha1, sha224, sha256, sha384 or sha512.</summary>
        public string? ChecksumAlgorithm { get; set; }

        public bool Force { get; set; }
    }

    public sealed partial class PveSession
    {
        // pve-storage's rules for uploads (PVE::Storage's ISO_EXT_RE_0, VZTMPL_EXT_RE_1 and the import extensions).
        private static readonly Dictionary<string, Regex> UploadExtensions = new Dictionary<string, Regex>(StringComparer.Ordinal)
        {
            ["iso"] = new Regex("\\.(?:iso|img)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant),
            ["vztmpl"] = new Regex("\\.tar\\.(?:gz|xz|zst|bz2)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant),
            ["import"] = new Regex("\\.(?:ova|ovf|qcow2|raw|vmdk)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant),
        };

        private static readonly Dictionary<string, int> ChecksumLengths = new Dictionary<string, int>(StringComparer.Ordinal)
        {
            ["md5"] = 32, ["sha1"] = 40, ["sha224"] = 56, ["sha256"] = 64, ["sha384"] = 96, ["sha512"] = 128,
        };

        /// <summary>The storages of the given node, or of every online node; filtered by name (wildcards) and content type.</summary>
        internal async Task<IReadOnlyList<PveStorage>> GetStoragesAsync(IReadOnlyList<string>? names, string? node, IReadOnlyList<string>? content, Action<KvmPveException> notFound, CancellationToken cancellationToken)
        {
            IEnumerable<string> nodes = node != null
                ? new[] { node }
                : await OnlineNodeNamesAsync(cancellationToken).ConfigureAwait(false);
            var all = new List<PveStorage>();
            foreach (string name in nodes)
            {
                JsonElement data = await Client.RequestAsync(HttpMethod.Get, NodePath(name) + "/storage", null, cancellationToken).ConfigureAwait(false);
                all.AddRange(data.EnumerateArray().Select(s => PveStorage.From(s, name, this)));
            }

            IEnumerable<PveStorage> typed = content is { Count: > 0 } ? all.Where(s => s.Content.Intersect(content).Any()) : all;
            List<PveStorage> sorted = typed.OrderBy(s => s.Name, StringComparer.Ordinal).ThenBy(s => s.Node, StringComparer.Ordinal).ToList();
            return Wildcard.Select(sorted, names, s => s.Name, n => notFound(NotFound("PveStorageNotFound",
                $"There is no storage '{n}'{(content is { Count: > 0 } ? " for " + string.Join(", ", content) : string.Empty)}{(node == null ? " on any online node" : " on " + node)}. Storages: {string.Join(", ", all.Select(s => s.Name).Distinct())}.")));
        }

        /// <summary>A storage's volumes, optionally of one content type or one guest.</summary>
        internal async Task<IReadOnlyList<PveStorageItem>> GetStorageContentAsync(string storage, string? node, string? content, int? vmId, CancellationToken cancellationToken)
        {
            PveNames.CheckStorage(storage);
            string owner = node ?? (await StorageOnAsync(storage, cancellationToken).ConfigureAwait(false)).Node;
            var parameters = new List<KeyValuePair<string, string>>();
            AddIf(parameters, "content", content);
            AddIf(parameters, "vmid", vmId?.ToString(CultureInfo.InvariantCulture));
            JsonElement data = await Client.RequestAsync(HttpMethod.Get, StoragePath(owner, storage) + "/content", parameters, cancellationToken).ConfigureAwait(false);
            return data.EnumerateArray().Select(i => PveStorageItem.From(i, storage, owner, this)).OrderBy(i => i.VolId, StringComparer.Ordinal).ToList();
        }

        /// <summary>Deletes a volume; PVE answers with its task.</summary>
        internal async Task<PveTask> RemoveStorageContentAsync(PveStorageItem item, CancellationToken cancellationToken)
        {
            PveNames.CheckStorage(item.Storage);
            string node = item.Node.Length > 0 ? item.Node : (await StorageOnAsync(item.Storage, cancellationToken).ConfigureAwait(false)).Node;
            return await StartTaskAsync(HttpMethod.Delete, StoragePath(node, item.Storage) + "/content/" + Uri.EscapeDataString(item.VolId), null, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>
        /// Streams a file into PVE storage (POST .../upload, multipart with its length), to the node that holds the
        /// storage. The name, checksum and storage are checked first, and an existing volume is ResourceExists unless
        /// forced. The session timeout does not cover the transfer: <paramref name="idle"/> does, each time the server
        /// stops taking data. PVE keeps the upload in a temporary file and copies it in a task, which is returned.
        /// </summary>
        internal async Task<PveTask> UploadAsync(string path, PveUploadRequest upload, TimeSpan idle, Action<long, long>? progress, CancellationToken cancellationToken)
        {
            PveStorage storage = await CheckUploadAsync(upload, cancellationToken).ConfigureAwait(false);
            long length = new FileInfo(path).Length;
            var fields = new List<KeyValuePair<string, string>> { Pair("content", upload.Content) };
            AddIf(fields, "checksum-algorithm", upload.Checksum == null ? null : upload.ChecksumAlgorithm);
            AddIf(fields, "checksum", upload.Checksum);
            using (var watchdog = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                watchdog.CancelAfter(idle);
                var content = new PveUploadContent(fields, upload.FileName, path, sent =>
                {
                    watchdog.CancelAfter(idle);
                    progress?.Invoke(sent, length);
                });
                try
                {
                    JsonElement upid = await Client.SendContentAsync(HttpMethod.Post, StoragePath(storage.Node, storage.Name) + "/upload", content, watchdog.Token).ConfigureAwait(false);
                    return PveTask.FromUpid(Upid.Parse(upid.GetString()), this);
                }
                catch (OperationCanceledException) when (watchdog.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                {
                    throw new KvmPveException(ErrorKind.OperationTimeout, "PveUploadStalled",
                        $"Proxmox VE {Server} took no data of the upload of {upload.FileName} for {idle.TotalSeconds} s; the upload was stopped and PVE keeps no part of it. If it is only slow, raise -TimeoutSec.");
                }
            }
        }

        /// <summary>Has PVE download a file into storage itself (POST .../download-url), with the checksum when given.</summary>
        internal async Task<PveTask> DownloadUrlAsync(Uri url, PveUploadRequest upload, CancellationToken cancellationToken)
        {
            if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            {
                throw KvmPveException.Invalid("PveInvalidUrl", $"'{url}' is not an http or https URL PVE could download.");
            }

            PveStorage storage = await CheckUploadAsync(upload, cancellationToken).ConfigureAwait(false);
            var pairs = new List<KeyValuePair<string, string>> { Pair("url", url.AbsoluteUri), Pair("filename", upload.FileName), Pair("content", upload.Content) };
            AddIf(pairs, "checksum-algorithm", upload.Checksum == null ? null : upload.ChecksumAlgorithm);
            AddIf(pairs, "checksum", upload.Checksum);
            return await StartTaskAsync(HttpMethod.Post, StoragePath(storage.Node, storage.Name) + "/download-url", pairs, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>The volume when it is listed on the node's storage, null when not.</summary>
        internal async Task<PveStorageItem?> StorageItemAsync(string storage, string node, string volId, CancellationToken cancellationToken)
        {
            IReadOnlyList<PveStorageItem> items = await GetStorageContentAsync(storage, node, null, null, cancellationToken).ConfigureAwait(false);
            return items.FirstOrDefault(i => i.VolId == volId);
        }

        /// <summary>
        /// For a task that puts a volume on a storage: the volume once it is listed, where the request sent it (an
        /// upload's copy task runs on the node that took the file, whatever node the storage is on).
        /// </summary>
        internal async Task<object?> UploadedAsync(PveUploadRequest upload, CancellationToken cancellationToken)
        {
            string volId = $"{upload.Storage}:{upload.Content}/{upload.FileName}";
            string node = upload.Node ?? throw new InvalidOperationException("The upload's node is known once it started.");
            return (object?)await StorageItemAsync(upload.Storage, node, volId, cancellationToken).ConfigureAwait(false)
                ?? new PveNotYet($"{volId} on {node}", $"{upload.Storage} on {node} does not list it");
        }

        /// <summary>What PVE would refuse or change in an upload, refused before any request.</summary>
        internal static void CheckUploadName(PveUploadRequest upload)
        {
            PveNames.CheckStorage(upload.Storage);
            if (!UploadExtensions.TryGetValue(upload.Content, out Regex? extension))
            {
                throw KvmPveException.Invalid("PveInvalidContent", $"'{upload.Content}' is not content PVE takes as an upload. Valid: {string.Join(", ", UploadExtensions.Keys)}.");
            }

            string name = upload.FileName;
            string normalized = Regex.Replace(name, "[^a-zA-Z0-9_.-]", "_");
            if (name.Length == 0 || name.Length > 255 || normalized != name)
            {
                throw KvmPveException.Invalid("PveInvalidFileName",
                    $"'{name}' is not a file name PVE keeps as it is: letters, digits, '_', '.' and '-' only, at most 255 (PVE would store it as '{normalized}'). Give -FileName.");
            }

            if (!extension.IsMatch(name))
            {
                throw KvmPveException.Invalid("PveInvalidFileName", $"'{name}' does not end as PVE wants {upload.Content} files to: {extension.ToString().Replace("\\", string.Empty).Replace("$", string.Empty)}.");
            }

            if (upload.Checksum != null)
            {
                string algorithm = upload.ChecksumAlgorithm ?? string.Empty;
                if (!ChecksumLengths.TryGetValue(algorithm, out int hexLength))
                {
                    throw KvmPveException.Invalid("PveInvalidChecksumAlgorithm", $"-Checksum needs -ChecksumAlgorithm: {string.Join(", ", ChecksumLengths.Keys)}.");
                }

                if (upload.Checksum.Length != hexLength || !Regex.IsMatch(upload.Checksum, "^[0-9a-fA-F]+$"))
                {
                    throw KvmPveException.Invalid("PveInvalidChecksum", $"'{upload.Checksum}' is not a {algorithm} checksum: {hexLength} hexadecimal digits.");
                }
            }
        }

        private async Task<PveStorage> CheckUploadAsync(PveUploadRequest upload, CancellationToken cancellationToken)
        {
            CheckUploadName(upload);
            PveStorage storage = upload.Node != null
                ? (await GetStoragesAsync(new[] { upload.Storage }, upload.Node, null, e => throw e, cancellationToken).ConfigureAwait(false)).Single()
                : await StorageOnAsync(upload.Storage, cancellationToken).ConfigureAwait(false);
            if (!storage.Content.Contains(upload.Content))
            {
                throw KvmPveException.Invalid("PveStorageContentNotAllowed", $"Storage '{storage.Name}' does not hold {upload.Content} (it holds {string.Join(", ", storage.Content)}).");
            }

            string volId = $"{storage.Name}:{upload.Content}/{upload.FileName}";
            if (!upload.Force && await StorageItemAsync(storage.Name, storage.Node, volId, cancellationToken).ConfigureAwait(false) != null)
            {
                throw new KvmPveException(ErrorKind.ResourceExists, "PveStorageContentExists", $"{volId} exists on {storage.Node}. Pass -Force to replace it, or give another -FileName.");
            }

            upload.Node = storage.Node;
            return storage;
        }

        /// <summary>The node to reach a storage on: the one that has it, any online one for a shared storage.</summary>
        private async Task<PveStorage> StorageOnAsync(string storage, CancellationToken cancellationToken)
        {
            IReadOnlyList<PveStorage> found = await GetStoragesAsync(new[] { storage }, null, null, e => throw e, cancellationToken).ConfigureAwait(false);
            if (found.Count > 1 && !found.All(s => s.Shared))
            {
                throw KvmPveException.Invalid("PveStorageNodeAmbiguous",
                    $"Storage '{storage}' is local to each of the nodes {string.Join(", ", found.Select(s => s.Node))}: say which with -Node.");
            }

            return found[0];
        }

        private static string StoragePath(string node, string storage) => NodePath(node) + "/storage/" + Uri.EscapeDataString(storage);
    }
}
