using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using KvmPve.Errors;
using KvmPve.Json;
using KvmPve.PiKvm;
using KvmPve.Transport;

namespace KvmPve
{
    public sealed partial class PiKvmSession
    {
        internal async Task<PiKvmMsdState> GetMsdAsync(CancellationToken cancellationToken) =>
            PiKvmMsdState.From(await GetAsync("/api/msd", cancellationToken).ConfigureAwait(false), this);

        /// <summary>Images by name (wildcards allowed); a name without wildcards that matches nothing goes to <paramref name="notFound"/>.</summary>
        internal async Task<IReadOnlyList<PiKvmMsdImage>> GetMsdImagesAsync(IReadOnlyList<string>? names, Action<KvmPveException>? notFound, CancellationToken cancellationToken)
        {
            List<PiKvmMsdImage> images = PiKvmMsdImage.From(await GetAsync("/api/msd", cancellationToken).ConfigureAwait(false), this);
            return Wildcard.Select(images, names, i => i.Name, name => notFound?.Invoke(ImageNotFound(name, images)));
        }

        /// <summary>
        /// Streams a file into the PiKVM's storage with its Content-Length (kvmd refuses chunked uploads), never holding
        /// more than a buffer in memory. The upload asks kvmd to remove the image itself should it end incomplete
        /// (remove_incomplete, kvmd/apps/kvmd/api/msd.py): a cancelled or broken upload leaves no half image.
        /// </summary>
        internal async Task<PiKvmMsdImage> UploadAsync(string filePath, string name, bool force, Action<long, long>? progress, CancellationToken cancellationToken)
        {
            CheckImageName(name);
            EnsureOpen();
            IReadOnlyList<PiKvmMsdImage> existing = await GetMsdImagesAsync(null, null, cancellationToken).ConfigureAwait(false);
            if (existing.Any(i => i.Name == name))
            {
                if (!force)
                {
                    throw ImageExists(name);
                }

                await RemoveImageAsync(name, cancellationToken).ConfigureAwait(false);
            }

            long length = new FileInfo(filePath).Length;
            try
            {
                using (HttpResponseMessage _ = await Client.SendAsync(HttpMethod.Post, "/api/msd/write", new[] { Pair("image", name), RemoveIncomplete }, () =>
                {
                    var stream = new ProgressStream(new FileStream(filePath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true), read => progress?.Invoke(read, length));
                    var content = new StreamContent(stream, 1 << 16);
                    content.Headers.ContentLength = length;
                    content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
                    return content;
                }, HttpCompletionOption.ResponseContentRead, cancellationToken, unlimited: true).ConfigureAwait(false))
                {
                }
            }
            catch (KvmPveException ex) when (ex.ServerError == "MsdImageExistsError")
            {
                // Written since we looked, or removed so recently that kvmd's storage view still lists it.
                throw ImageExists(name);
            }
            catch (KvmPveException ex) when (ex.StatusCode == 500 && name.IndexOf('/') > 0)
            {
                // kvmd writes into a folder of its storage but makes none (FileNotFoundError → 500).
                string folder = name.Substring(0, name.LastIndexOf('/'));
                throw new KvmPveException(ErrorKind.ObjectNotFound, "PiKvmMsdFolderNotFound",
                    $"PiKVM {Server} could not write {name}: kvmd makes no folders, and its storage has no folder '{folder}'. Make it on the PiKVM (in kvmd's MSD storage), or upload without -Prefix.", 500, inner: ex);
            }

            List<PiKvmMsdImage> after = await WaitForStorageAsync(images => images.Any(i => i.Name == name), $"the uploaded image {name} to be listed", cancellationToken).ConfigureAwait(false);
            return after.First(i => i.Name == name);
        }

        /// <summary>
        /// Has the PiKVM download an image itself (write_remote). Progress comes from its NDJSON stream; a failure in the
        /// middle of it (a final ok:false line) is an error, never a success.
        /// </summary>
        internal async Task<PiKvmMsdImage> UploadFromUrlAsync(Uri url, string name, Action<long, long?>? progress, CancellationToken cancellationToken)
        {
            if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            {
                throw KvmPveException.Invalid("PiKvmInvalidUrl", $"'{url}' is not an http or https URL the PiKVM could download.");
            }

            CheckImageName(name);
            EnsureOpen();
            var query = new[] { Pair("url", url.AbsoluteUri), Pair("image", name), RemoveIncomplete };
            using (HttpResponseMessage response = await Client.SendAsync(HttpMethod.Post, "/api/msd/write_remote", query, null, HttpCompletionOption.ResponseHeadersRead, cancellationToken, unlimited: true).ConfigureAwait(false))
            using (Stream body = await response.Content.ReadAsStreamAsync().ConfigureAwait(false))
            using (cancellationToken.Register(response.Dispose))
            {
                var reader = new LineReader(body);
                string? line;
                bool finished = false;
                while ((line = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false)) != null)
                {
                    // One envelope per line: ok:true with the download's progress, or a final ok:false with kvmd's error.
                    byte[] envelope = Encoding.UTF8.GetBytes(line);
                    if (!JsonTree.TryMember(envelope, "ok", out JsonElement ok))
                    {
                        continue;
                    }

                    if (ok.ValueKind == JsonValueKind.False)
                    {
                        (string? errorClass, string? message) = PiKvmErrors.ParseEnvelope(line);
                        throw new KvmPveException(ErrorKind.InvalidResult, "PiKvmMsdDownloadFailed",
                            $"PiKVM {Client.Transport.Server.Display} failed to download {url} into '{name}': {errorClass}: {message}", 200, errorClass);
                    }

                    if (!JsonTree.TryMember(envelope, "result", out JsonElement result))
                    {
                        continue;
                    }

                    double? written = JsonTree.Number(result, "image", "written");
                    double? size = JsonTree.Number(result, "image", "size");
                    if (written is double w)
                    {
                        progress?.Invoke((long)w, size is double s ? (long)s : (long?)null);
                    }

                    finished = size is double total && written is double done && done >= total;
                }

                if (!finished)
                {
                    throw new KvmPveException(ErrorKind.ConnectionError, "PiKvmMsdDownloadFailed",
                        $"PiKVM {Client.Transport.Server.Display} ended the download of {url} before it was complete.");
                }
            }

            List<PiKvmMsdImage> after = await WaitForStorageAsync(images => images.Any(i => i.Name == name), $"the downloaded image {name} to be listed", cancellationToken).ConfigureAwait(false);
            return after.First(i => i.Name == name);
        }

        /// <summary>
        /// Reads an image back from the PiKVM (GET /api/msd/read), optionally compressed by kvmd (lzma or zstd), streamed
        /// into <paramref name="path"/> through a temporary file: never held in memory, never a half file.
        /// </summary>
        internal async Task<FileInfo> SaveImageAsync(string name, string path, string compress, Action<long, long?>? progress, CancellationToken cancellationToken)
        {
            if (compress != "none" && compress != "lzma" && compress != "zstd")
            {
                throw KvmPveException.Invalid("PiKvmInvalidCompression", $"'{compress}' is not a compression kvmd offers: none, lzma or zstd.");
            }

            IReadOnlyList<PiKvmMsdImage> images = await GetMsdImagesAsync(null, null, cancellationToken).ConfigureAwait(false);
            if (!images.Any(i => i.Name == name))
            {
                throw ImageNotFound(name, images.ToList());
            }

            var query = new List<KeyValuePair<string, string>> { Pair("image", name) };
            if (compress != "none")
            {
                query.Add(Pair("compress", compress));
            }

            using (HttpResponseMessage response = await Client.SendAsync(HttpMethod.Get, "/api/msd/read", query, null, HttpCompletionOption.ResponseHeadersRead, cancellationToken, unlimited: true).ConfigureAwait(false))
            {
                return await FileDownload.SaveAsync(response, path, progress, cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>Resets the virtual media (POST /api/msd/reset): the drive disconnected and its settings back to default.</summary>
        internal Task ResetMsdAsync(CancellationToken cancellationToken) => PostAsync("/api/msd/reset", Array.Empty<KeyValuePair<string, string>>(), cancellationToken);

        /// <summary>Removes an image and waits (within a bound) until kvmd's storage view no longer lists it.</summary>
        internal async Task RemoveImageAsync(string name, CancellationToken cancellationToken)
        {
            await PostAsync("/api/msd/remove", new[] { Pair("image", name) }, cancellationToken).ConfigureAwait(false);
            await WaitForStorageAsync(images => images.All(i => i.Name != name), $"the removed image {name} to be gone", cancellationToken).ConfigureAwait(false);
        }

        /// <summary>
        /// kvmd re-reads its storage about a second after a write or remove (an inotify series with a 1 s timeout, in
        /// kvmd/plugins/msd/otg): until then it lists a removed image, refuses a new one of that name as existing, and
        /// does not list a new one. Polls GET /api/msd until <paramref name="settled"/> holds and returns the images then;
        /// past the bound it is an OperationTimeout naming what it waited for and the images last listed.
        /// </summary>
        private async Task<List<PiKvmMsdImage>> WaitForStorageAsync(Func<List<PiKvmMsdImage>, bool> settled, string awaited, CancellationToken cancellationToken)
        {
            DateTime giveUp = DateTime.UtcNow + StorageSettleLimit;
            while (true)
            {
                List<PiKvmMsdImage> images = PiKvmMsdImage.From(await GetAsync("/api/msd", cancellationToken).ConfigureAwait(false), this);
                if (settled(images))
                {
                    return images;
                }

                if (DateTime.UtcNow >= giveUp)
                {
                    throw new KvmPveException(ErrorKind.OperationTimeout, "PiKvmStorageNotSettled",
                        $"Waited {StorageSettleLimit.TotalSeconds} s for {awaited} in PiKVM {Server}'s virtual-media storage; it lists: {(images.Count == 0 ? "no images" : string.Join(", ", images.Select(i => i.Name)))}. Get-PiKvmMsdImage shows it now.");
                }

                await Task.Delay(StoragePollInterval, cancellationToken).ConfigureAwait(false);
            }
        }

        private static readonly KeyValuePair<string, string> RemoveIncomplete = Pair("remove_incomplete", "1");

        private static readonly TimeSpan StorageSettleLimit = TimeSpan.FromSeconds(10);

        private static readonly TimeSpan StoragePollInterval = TimeSpan.FromMilliseconds(200);

        /// <summary>Disconnects the drive when it is connected, selects the image and media, and connects it.</summary>
        internal async Task<PiKvmMsdState> MountAsync(string name, PiKvmMsdMedia media, bool readWrite, CancellationToken cancellationToken)
        {
            // One read answers both questions: does the image exist, and is the drive connected?
            JsonElement msd = await GetAsync("/api/msd", cancellationToken).ConfigureAwait(false);
            List<PiKvmMsdImage> images = PiKvmMsdImage.From(msd, this);
            if (!images.Any(i => i.Name == name))
            {
                throw ImageNotFound(name, images);
            }

            if (PiKvmMsdState.From(msd, this).Connected)
            {
                // kvmd refuses new settings while the drive is connected.
                await SetConnectedAsync(false, cancellationToken).ConfigureAwait(false);
            }

            await PostAsync("/api/msd/set_params", new[] { Pair("image", name), Pair("cdrom", media == PiKvmMsdMedia.Cdrom ? "1" : "0"), Pair("rw", readWrite ? "1" : "0") }, cancellationToken).ConfigureAwait(false);
            await SetConnectedAsync(true, cancellationToken).ConfigureAwait(false);
            return await GetMsdAsync(cancellationToken).ConfigureAwait(false);
        }

        internal async Task<PiKvmMsdState> DismountAsync(CancellationToken cancellationToken)
        {
            if ((await GetMsdAsync(cancellationToken).ConfigureAwait(false)).Connected)
            {
                await SetConnectedAsync(false, cancellationToken).ConfigureAwait(false);
            }

            return await GetMsdAsync(cancellationToken).ConfigureAwait(false);
        }

        private Task SetConnectedAsync(bool connected, CancellationToken cancellationToken) =>
            PostAsync("/api/msd/set_connected", new[] { Pair("connected", connected ? "1" : "0") }, cancellationToken);

        private static void CheckImageName(string name)
        {
            if (string.IsNullOrWhiteSpace(name) || name.Split('/').Any(part => part.Length == 0 || part == "." || part == "..") || name.Any(c => c < 0x20))
            {
                throw KvmPveException.Invalid("PiKvmInvalidImageName", $"'{name}' is not a valid image name: give a file name such as debian-12.iso (subfolders as folder/name.iso).");
            }
        }

        private static KvmPveException ImageExists(string name) =>
            new KvmPveException(ErrorKind.ResourceExists, "PiKvmMsdImageExists", $"The PiKVM already has an image '{name}'. Use -Force to replace it, or -Name to upload under another name.");

        private static KvmPveException ImageNotFound(string name, IReadOnlyList<PiKvmMsdImage> images) =>
            new KvmPveException(ErrorKind.ObjectNotFound, "PiKvmMsdImageNotFound",
                $"The PiKVM has no image '{name}'. Images: {(images.Count == 0 ? "none" : string.Join(", ", images.Select(i => i.Name)))}.");
    }
}
