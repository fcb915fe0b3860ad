using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;

namespace KvmPve.Simulator.Pve;

/// <summary>
/// Storage as PVE serves it: per-node status and content lists, volume removal as a task, uploads (pveproxy takes
/// the multipart body into a temporary file, then a task copies it in and checks the checksum), downloads by URL,
/// and vzdump, whose task leaves an archive per guest on the storage.
/// </summary>
public sealed partial class PveApi
{
    /// <summary>Uploads received, by the temporary file name pveproxy gave them (the task picks them up).</summary>
    private readonly ConcurrentDictionary<string, SimUpload> _uploads = new(StringComparer.Ordinal);

    private void MapStorage()
    {
        Handle("GET", "/nodes/{node}/storage", StorageList);
        Handle("GET", "/nodes/{node}/storage/{storage}/content", r => WithStorage(r, s => Content(r, s)));
        Handle("DELETE", "/nodes/{node}/storage/{storage}/content/{volume}", r => WithStorage(r, s => DeleteVolume(r, s)));
        Handle("POST", "/nodes/{node}/storage/{storage}/upload", r => WithStorage(r, s => Upload(r, s)));
        Handle("POST", "/nodes/{node}/storage/{storage}/download-url", r => WithStorage(r, s => DownloadUrl(r, s)));
        Handle("POST", "/nodes/{node}/vzdump", Vzdump);
    }

    /// <summary>Called for a multipart request once it is authenticated: the body becomes parameters and an upload.</summary>
    private async Task<string?> ReadUploadAsync(HttpContext context, Dictionary<string, List<string>> parameters)
    {
        (SimUpload? upload, string? error) = await SimUploadReader.ReadAsync(context.Request, parameters, Options.UploadStallAfter, context.RequestAborted);
        if (upload != null)
        {
            _uploads[parameters["tmpfilename"][0]] = upload;
        }

        return error;
    }

    private Task StorageList(PveRequest request)
    {
        string node = request.Get("node")!;
        IEnumerable<SimStorage> storages = Cluster.Storages.Where(s => s.Node == null || s.Node == node);
        if (request.Get("content") is string content)
        {
            storages = storages.Where(s => s.Content.Contains(content));
        }

        if (request.Get("storage") is string name)
        {
            storages = storages.Where(s => s.Name == name);
        }

        return PveResponse.Data(request.Context, new JsonArray(storages.Select(s => (JsonNode)s.ToStatus()).ToArray()));
    }

    private Task WithStorage(PveRequest request, Func<SimStorage, Task> answer)
    {
        string name = request.Get("storage")!;
        SimStorage? storage = Cluster.Storage(request.Get("node")!, name);
        return storage == null
            ? PveResponse.Error(request.Context, 500, $"storage '{name}' does not exist")
            : answer(storage);
    }

    private Task Content(PveRequest request, SimStorage storage)
    {
        Cluster.SettleAll();
        IEnumerable<SimVolume> volumes = storage.Volumes.Values.OrderBy(v => v.VolId, StringComparer.Ordinal);
        if (request.Get("content") is string content)
        {
            volumes = volumes.Where(v => v.Content == content);
        }

        if (request.Get("vmid") is string vmid)
        {
            volumes = volumes.Where(v => v.VmId?.ToString(CultureInfo.InvariantCulture) == vmid);
        }

        return PveResponse.Data(request.Context, new JsonArray(volumes.Select(v => (JsonNode)v.ToContent()).ToArray()));
    }

    private Task DeleteVolume(PveRequest request, SimStorage storage)
    {
        string volume = request.Get("volume")!;
        if (!storage.Volumes.TryGetValue(volume, out SimVolume? found))
        {
            return PveResponse.Error(request.Context, 500, $"volume '{volume}' does not exist");
        }

        if (found.Protected)
        {
            return PveResponse.Error(request.Context, 500, "backup is protected - unable to remove");
        }

        // A UPID's id holds no colon, so PVE names no volume there.
        return NodeTask(request, "imgdel", string.Empty, () => storage.Volumes.TryRemove(volume, out _));
    }

    private Task Upload(PveRequest request, SimStorage storage)
    {
        string content = request.Get("content")!;
        string tmp = request.Get("tmpfilename") ?? string.Empty;
        if (!_uploads.TryRemove(tmp, out SimUpload? upload))
        {
            return PveResponse.Error(request.Context, 500, "upload failed");
        }

        if (!storage.Content.Contains(content))
        {
            return PveResponse.Error(request.Context, 500, $"storage '{storage.Name}' does not support content-type '{content}'");
        }

        string volId = $"{storage.Name}:{content}/{request.Get("filename")}";
        string? algorithm = request.Get("checksum-algorithm");
        string? expected = request.Get("checksum");
        long now = Options.Clock.UtcNow.ToUnixTimeSeconds();
        // The copy task checks the checksum, as PVE's worker does, and only then is the volume there. The upload has no
        // proxyto (pve-storage PVE/API2/Storage/Status.pm): the node pveproxy runs on takes the file, runs imgcopy
        // itself and copies the file to the storage's node with scp, so the UPID names the local node.
        return NodeTask(request, "imgcopy", string.Empty, Options.LocalNode, () =>
        {
            if (expected != null && algorithm != null && upload.Checksums.TryGetValue(algorithm, out string? actual) && !string.Equals(actual, expected, StringComparison.OrdinalIgnoreCase))
            {
                throw new SimTaskFailed($"checksum verification failed: got {actual}, expected {expected.ToLowerInvariant()}");
            }

            storage.Add(new SimVolume(volId, content, Format(volId), upload.Size, now, null) { Checksums = upload.Checksums });
        });
    }

    private Task DownloadUrl(PveRequest request, SimStorage storage)
    {
        string content = request.Get("content")!;
        string url = request.Get("url")!;
        string volId = $"{storage.Name}:{content}/{request.Get("filename")}";
        long now = Options.Clock.UtcNow.ToUnixTimeSeconds();
        return NodeTask(request, "download", string.Empty, () =>
        {
            if (url.Contains("missing", StringComparison.Ordinal))
            {
                throw new SimTaskFailed($"download failed: 404 Not Found ({url})");
            }

            storage.Add(new SimVolume(volId, content, Format(volId), 1 << 20, now, null));
        });
    }

    private Task Vzdump(PveRequest request)
    {
        string node = request.Get("node")!;
        string storageName = request.Get("storage") ?? "local";
        SimStorage? storage = Cluster.Storage(node, storageName);
        if (storage == null || !storage.Content.Contains("backup"))
        {
            return PveResponse.Error(request.Context, 500, $"storage '{storageName}' does not support backups");
        }

        List<SimGuest> guests = (request.Get("vmid") ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(id => Cluster.Guest(int.Parse(id, CultureInfo.InvariantCulture))).Where(g => g != null && g.Node == node).Select(g => g!).ToList();
        if (guests.Count == 0)
        {
            return PveResponse.Error(request.Context, 500, "no guests to back up on this node");
        }

        string compress = request.Get("compress") ?? "zstd";
        string? notes = request.Get("notes-template");
        bool protect = request.Get("protected") == "1";
        return StartGuestTask(request, guests[0], "vzdump", "VM.Backup", () =>
        {
            DateTimeOffset end = Options.Clock.UtcNow;
            foreach (SimGuest guest in guests)
            {
                string extension = (guest.Type == "qemu" ? "vma" : "tar") + compress switch { "gzip" => ".gz", "lzo" => ".lzo", "0" => string.Empty, _ => ".zst" };
                string volId = string.Create(CultureInfo.InvariantCulture, $"{storage.Name}:backup/vzdump-{guest.Type}-{guest.VmId}-{end.UtcDateTime:yyyy_MM_dd-HH_mm_ss}.{extension}");
                storage.Add(new SimVolume(volId, "backup", extension, 1L << 30, end.ToUnixTimeSeconds(), guest.VmId)
                {
                    Notes = notes?.Replace("{{guestname}}", guest.Name, StringComparison.Ordinal).Replace("{{vmid}}", guest.VmId.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal),
                    Protected = protect,
                });
            }
        }, "vzdump");
    }

    private Task NodeTask(PveRequest request, string type, string id, Action effect) => NodeTask(request, type, id, request.Get("node")!, effect);

    private Task NodeTask(PveRequest request, string type, string id, string node, Action effect)
    {
        if (Refused(request, $"/storage/{request.Get("storage")}", "Datastore.AllocateSpace", out Task refusal))
        {
            return refusal;
        }

        string user = Principal(request);
        return PveResponse.Data(request.Context, Cluster.StartNodeTask(node, type, id, user, effect).Upid);
    }

    private static string Format(string volId)
    {
        string name = volId[(volId.IndexOf('/') + 1)..];
        int tar = name.IndexOf(".tar.", StringComparison.Ordinal);
        return tar >= 0 ? name[(tar + 1)..] : Path.GetExtension(name).TrimStart('.');
    }
}
