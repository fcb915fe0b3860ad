using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace KvmPve.Simulator.PiKvm;

/// <summary>
/// kvmd's mass storage: images (streamed writes that need Content-Length, duplicates refused), the drive (settings only
/// while disconnected), and write_remote with an NDJSON progress stream that can fail in the middle. Like kvmd v4.132
/// (kvmd/plugins/msd/otg), what it lists is its view of the storage, re-read a moment after each change: until then a
/// removed image is still listed (and a new one of that name refused as existing), and a new one is not listed yet.
/// Writes and removals are refused while the drive is connected.
/// </summary>
public sealed class KvmdMsd
{
    private const long StorageSize = 270_553_174_016;
    private readonly object _gate = new();
    private readonly PiKvmSimulatorOptions _options;
    private int _busy;
    private Dictionary<string, SimImage> _listed;
    private JsonObject? _sent;

    public KvmdMsd(PiKvmSimulatorOptions options)
    {
        _options = options;
        _listed = new Dictionary<string, SimImage>(Images, StringComparer.Ordinal);
    }

    /// <summary>What is in the storage now (kvmd's disk); what it lists follows after <see cref="PiKvmSimulatorOptions.MsdStorageRefresh"/>.</summary>
    public ConcurrentDictionary<string, SimImage> Images { get; } = new(StringComparer.Ordinal)
    {
        ["remote.iso"] = new SimImage(3_000_000, true, 1_795_311_959.8661196),
        ["t2.iso"] = new SimImage(3_000_000, true, 1_795_311_969.26612),
    };

    private Dictionary<string, SimImage> Listed
    {
        get { lock (_gate) { return _listed; } }
    }

    /// <summary>kvmd re-reads the storage a moment after a change; a test that stages images directly calls this at once.</summary>
    public void Reload()
    {
        lock (_gate)
        {
            _listed = new Dictionary<string, SimImage>(Images, StringComparer.Ordinal);
        }

        PublishChange();
    }

    private void Changed()
    {
        PublishChange();
        _ = Task.Delay(_options.MsdStorageRefresh).ContinueWith(_ => Reload(), TaskScheduler.Default);
    }

    /// <summary>
    /// What kvmd's poll_state (kvmd/plugins/msd/otg, v4.132) sends: the full state first and when "online" changes,
    /// otherwise only what changed of busy and drive, and of the storage's images, parts, downloading and uploading
    /// (each whole).
    /// </summary>
    private void PublishChange()
    {
        JsonObject now = StateJson();
        JsonObject diff;
        lock (_gate)
        {
            diff = _sent == null || !JsonNode.DeepEquals(_sent["online"], now["online"]) ? (JsonObject)now.DeepClone() : new JsonObject();
            if (_sent != null && diff.Count == 0)
            {
                foreach (string key in new[] { "busy", "drive" }.Where(k => !JsonNode.DeepEquals(_sent[k], now[k])))
                {
                    diff[key] = now[key]?.DeepClone();
                }

                foreach (string key in new[] { "images", "parts", "downloading", "uploading" }.Where(k => !JsonNode.DeepEquals(_sent["storage"]?[k], now["storage"]?[k])))
                {
                    ((JsonObject)(diff["storage"] ??= new JsonObject()))[key] = now["storage"]?[key]?.DeepClone();
                }
            }

            _sent = now;
        }

        if (diff.Count > 0)
        {
            Publish?.Invoke("msd", diff);
        }
    }

    public string? DriveImage { get; private set; }

    public bool Connected { get; private set; }

    public bool Cdrom { get; private set; } = true;

    public bool ReadWrite { get; private set; }

    /// <summary>Every drive operation in order: "disconnect", "params image", "connect", "remove image", "write image".</summary>
    public ConcurrentQueue<string> Operations { get; } = new();

    internal Task State(HttpContext context) => KvmdResponse.Ok(context, StateJson());

    /// <summary>Where changes go out as events.</summary>
    internal Action<string, JsonNode>? Publish { get; set; }

    internal JsonObject StateJson()
    {
        var images = new JsonObject();
        foreach ((string name, SimImage image) in Listed.OrderBy(i => i.Key, StringComparer.Ordinal))
        {
            images[name] = new JsonObject { ["complete"] = image.Complete, ["mod_ts"] = image.Modified, ["removable"] = true, ["size"] = image.Size };
        }

        // The selected image is an object (kvmd's dataclass without its path), null when none is selected.
        JsonObject? drive = DriveImage is string selected && Images.TryGetValue(selected, out SimImage? chosen)
            ? new JsonObject { ["complete"] = chosen.Complete, ["in_storage"] = true, ["mod_ts"] = chosen.Modified, ["name"] = selected, ["removable"] = true, ["size"] = chosen.Size }
            : null;
        long used = Images.Values.Sum(i => i.Size);
        return new JsonObject
        {
            ["busy"] = Volatile.Read(ref _busy) == 1,
            ["drive"] = new JsonObject { ["cdrom"] = Cdrom, ["connected"] = Connected, ["image"] = drive, ["rw"] = ReadWrite },
            ["enabled"] = true,
            ["online"] = true,
            ["storage"] = new JsonObject
            {
                ["downloading"] = null,
                ["images"] = images,
                ["parts"] = new JsonObject { [""] = new JsonObject { ["free"] = StorageSize - used, ["size"] = StorageSize, ["writable"] = true } },
                ["uploading"] = null,
            },
        };
    }

    internal async Task Write(HttpContext context)
    {
        string name = context.Request.Query["image"].ToString();
        if (context.Request.ContentLength is not long length)
        {
            await KvmdResponse.Error(context, 400, "ValidatorError", "The argument 'None' must be image size (Content-Length is required)");
            return;
        }

        if (await RefusedWhileConnected(context))
        {
            return;
        }

        // kvmd writes into an existing folder of its storage only (FileNotFoundError: 500).
        if (name.Contains('/', StringComparison.Ordinal) && !Folders.Contains(name[..name.LastIndexOf('/')]))
        {
            await KvmdResponse.PlainError(context, 500, "500 Internal Server Error\n\nServer got itself in trouble");
            return;
        }

        var image = new SimImage(length, false, _options.Clock.UtcNow.ToUnixTimeMilliseconds() / 1000.0);
        if (Listed.ContainsKey(name) || !Images.TryAdd(name, image))
        {
            await ImageExists(context);
            return;
        }

        Changed();
        Operations.Enqueue("write " + name);
        Interlocked.Exchange(ref _busy, 1);
        try
        {
            // Counted; the bytes are kept for small images only (GET /msd/read gives them back), so gigabytes need no memory.
            var buffer = new byte[1 << 16];
            var kept = length <= KeptImageLimit ? new MemoryStream() : null;
            int read;
            while ((read = await context.Request.Body.ReadAsync(buffer, context.RequestAborted)) > 0)
            {
                image.Received += read;
                kept?.Write(buffer, 0, read);
            }

            image.Content = kept?.ToArray();

            image.Complete = image.Received == length;
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or Microsoft.AspNetCore.Connections.ConnectionResetException or BadHttpRequestException)
        {
            // The client went away: kvmd removes the image when asked to (remove_incomplete), else leaves it incomplete.
            if (KvmdApi.ParseBool(context.Request.Query["remove_incomplete"].ToString()) == true)
            {
                Images.TryRemove(name, out _);
                Operations.Enqueue("removed incomplete " + name);
            }

            return;
        }
        finally
        {
            Interlocked.Exchange(ref _busy, 0);
            Changed();
        }

        await KvmdResponse.Ok(context, new JsonObject { ["image"] = new JsonObject { ["name"] = name, ["size"] = length, ["written"] = image.Received } });
    }

    internal async Task WriteRemote(HttpContext context)
    {
        string name = context.Request.Query["image"].ToString();
        string url = context.Request.Query["url"].ToString();
        if (!Uri.TryCreate(url, UriKind.Absolute, out _))
        {
            await KvmdResponse.Invalid(context, url, "URL");
            return;
        }

        if (await RefusedWhileConnected(context))
        {
            return;
        }

        const long size = 3_000_000;
        var image = new SimImage(size, false, _options.Clock.UtcNow.ToUnixTimeMilliseconds() / 1000.0);
        if (Listed.ContainsKey(name) || !Images.TryAdd(name, image))
        {
            await ImageExists(context);
            return;
        }

        Changed();
        context.Response.ContentType = "application/x-ndjson";
        for (long written = 0; written <= size; written += size / 4)
        {
            if (url.Contains("fail", StringComparison.Ordinal) && written > size / 2)
            {
                Images.TryRemove(name, out _);
                Changed();
                await Line(context, "{\"ok\": false, \"result\": {\"error\": \"MsdDownloadError\", \"error_msg\": \"Can't download the image: connection reset\"}}");
                return;
            }

            image.Received = written;
            await Line(context, $"{{\"ok\": true, \"result\": {{\"image\": {{\"name\": \"{name}\", \"size\": {size}, \"written\": {written}}}}}}}");
        }

        image.Complete = true;
        Changed();
    }

    internal async Task SetParams(HttpContext context)
    {
        if (await RefusedWhileConnected(context))
        {
            return;
        }

        string? image = context.Request.Query.ContainsKey("image") ? context.Request.Query["image"].ToString() : null;
        if (!string.IsNullOrEmpty(image) && !IsStored(image))
        {
            await UnknownImage(context);
            return;
        }

        lock (_gate)
        {
            DriveImage = image == null ? DriveImage : image.Length == 0 ? null : image;
            Cdrom = KvmdApi.ParseBool(context.Request.Query["cdrom"].ToString()) ?? Cdrom;
            ReadWrite = KvmdApi.ParseBool(context.Request.Query["rw"].ToString()) ?? ReadWrite;
        }

        Operations.Enqueue("params " + DriveImage);
        await KvmdResponse.Ok(context);
    }

    internal async Task SetConnected(HttpContext context)
    {
        bool? connected = KvmdApi.ParseBool(context.Request.Query["connected"].ToString());
        if (connected == null)
        {
            await KvmdResponse.Invalid(context, context.Request.Query["connected"].ToString(), "bool");
            return;
        }

        if (connected.Value == Connected)
        {
            await (Connected
                ? KvmdResponse.Error(context, 400, "MsdConnectedError", "MSD is connected to Server, but shouldn't for this operation")
                : KvmdResponse.Error(context, 400, "MsdDisconnectedError", "MSD is disconnected from Server, but should be for this operation"));
            return;
        }

        if (connected.Value && DriveImage == null)
        {
            await KvmdResponse.Error(context, 400, "MsdImageNotSelected", "The image is not selected");
            return;
        }

        Connected = connected.Value;
        Operations.Enqueue(connected.Value ? "connect" : "disconnect");
        await KvmdResponse.Ok(context);
    }

    private const long KeptImageLimit = 16L << 20;

    /// <summary>The folders of the storage (made on the PiKVM; kvmd makes none): "images" here.</summary>
    public HashSet<string> Folders { get; } = new(StringComparer.Ordinal) { "images" };

    /// <summary>
    /// GET /msd/read: the image's bytes, streamed with its length (kvmd's start_streaming). kvmd compresses with lzma or
    /// zstd on request; the simulator has neither library and says so.
    /// </summary>
    internal async Task Read(HttpContext context)
    {
        string name = context.Request.Query["image"].ToString();
        string compress = context.Request.Query["compress"].ToString();
        if (compress is not ("" or "none"))
        {
            await KvmdResponse.Error(context, 400, "ValidatorError", $"The simulator cannot compress images ({compress}); kvmd can");
            return;
        }

        if (!Listed.TryGetValue(name, out SimImage? image))
        {
            await KvmdResponse.Error(context, 400, "MsdUnknownImageError", "The image is not found in the storage");
            return;
        }

        context.Response.ContentType = "application/octet-stream";
        context.Response.ContentLength = image.Size;
        context.Response.Headers.ContentDisposition = $"attachment; filename=\"{Path.GetFileName(name)}\"";
        byte[] chunk = new byte[1 << 16];
        for (long sent = 0; sent < image.Size; sent += chunk.Length)
        {
            int count = (int)Math.Min(chunk.Length, image.Size - sent);
            if (image.Content is byte[] content)
            {
                await context.Response.Body.WriteAsync(content.AsMemory((int)sent, count), context.RequestAborted);
            }
            else
            {
                await context.Response.Body.WriteAsync(chunk.AsMemory(0, count), context.RequestAborted);
            }
        }
    }

    /// <summary>POST /msd/reset: the drive disconnected, no image selected, CD-ROM mode (kvmd/plugins/msd/otg reset).</summary>
    internal Task Reset(HttpContext context)
    {
        Connected = false;
        DriveImage = null;
        Cdrom = true;
        ReadWrite = false;
        Operations.Enqueue("reset");
        Changed();
        return KvmdResponse.Ok(context);
    }

    internal async Task Remove(HttpContext context)
    {
        string name = context.Request.Query["image"].ToString();
        if (await RefusedWhileConnected(context))
        {
            return;
        }

        if (!IsStored(name) || !Images.TryRemove(name, out _))
        {
            await UnknownImage(context);
            return;
        }

        if (DriveImage == name)
        {
            DriveImage = null;
        }

        Changed();
        Operations.Enqueue("remove " + name);
        await KvmdResponse.Ok(context);
    }

    /// <summary>kvmd's __STATE_get_storage_image: listed in its view and still on disk.</summary>
    private bool IsStored(string name) => Listed.ContainsKey(name) && Images.ContainsKey(name);

    private async Task<bool> RefusedWhileConnected(HttpContext context)
    {
        if (!Connected)
        {
            return false;
        }

        await KvmdResponse.Error(context, 400, "MsdConnectedError", "MSD is connected to Server, but shouldn't for this operation");
        return true;
    }

    private static Task ImageExists(HttpContext context) => KvmdResponse.Error(context, 400, "MsdImageExistsError", "This image is already exists");

    private static Task UnknownImage(HttpContext context) => KvmdResponse.Error(context, 400, "MsdUnknownImageError", "The image is not found in the storage");

    private static async Task Line(HttpContext context, string json)
    {
        await context.Response.WriteAsync(json + "\n");
        await context.Response.Body.FlushAsync();
    }
}

public sealed class SimImage(long size, bool complete, double modified)
{
    /// <summary>The bytes, for an image small enough to keep; zeros are read back otherwise.</summary>
    public byte[]? Content { get; set; }

    public long Size { get; } = size;

    public bool Complete { get; set; } = complete;

    public double Modified { get; } = modified;

    public long Received { get; set; }
}
