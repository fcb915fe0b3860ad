using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace KvmPve.Simulator.PiKvm;

/// <summary>
/// kvmd's mass storage: images (streamed writes that need Content-Length, duplicates refused), the drive (settings only
/// while disconnected), and write_remote with an NDJSON progress stream that can fail in the middle.
/// </summary>
public sealed class KvmdMsd(PiKvmSimulatorOptions options)
{
    private const long StorageSize = 270_553_174_016;
    private readonly object _gate = new();
    private int _busy;

    public ConcurrentDictionary<string, SimImage> Images { get; } = new(StringComparer.Ordinal)
    {
        ["remote.iso"] = new SimImage(3_000_000, true, 1_795_311_959.8661196),
        ["t2.iso"] = new SimImage(3_000_000, true, 1_795_311_969.26612),
    };

    public string? DriveImage { get; private set; }

    public bool Connected { get; private set; }

    public bool Cdrom { get; private set; } = true;

    public bool ReadWrite { get; private set; }

    /// <summary>Every drive operation in order: "disconnect", "params image", "connect", "remove image", "write image".</summary>
    public ConcurrentQueue<string> Operations { get; } = new();

    internal Task State(HttpContext context)
    {
        var images = new JsonObject();
        foreach ((string name, SimImage image) in Images.OrderBy(i => i.Key, StringComparer.Ordinal))
        {
            images[name] = new JsonObject { ["complete"] = image.Complete, ["mod_ts"] = image.Modified, ["removable"] = true, ["size"] = image.Size };
        }

        long used = Images.Values.Sum(i => i.Size);
        return KvmdResponse.Ok(context, new JsonObject
        {
            ["busy"] = Volatile.Read(ref _busy) == 1,
            ["drive"] = new JsonObject { ["cdrom"] = Cdrom, ["connected"] = Connected, ["image"] = DriveImage, ["rw"] = ReadWrite },
            ["enabled"] = true,
            ["online"] = true,
            ["storage"] = new JsonObject
            {
                ["downloading"] = null,
                ["images"] = images,
                ["parts"] = new JsonObject { [""] = new JsonObject { ["free"] = StorageSize - used, ["size"] = StorageSize, ["writable"] = true } },
                ["uploading"] = null,
            },
        });
    }

    internal async Task Write(HttpContext context)
    {
        string name = context.Request.Query["image"].ToString();
        if (context.Request.ContentLength is not long length)
        {
            await KvmdResponse.Error(context, 400, "ValidatorError", "The argument 'None' must be image size (Content-Length is required)");
            return;
        }

        var image = new SimImage(length, false, options.Clock.UtcNow.ToUnixTimeMilliseconds() / 1000.0);
        if (!Images.TryAdd(name, image))
        {
            await KvmdResponse.Error(context, 400, "MsdImageExistsError", "This image is already exists");
            return;
        }

        Operations.Enqueue("write " + name);
        Interlocked.Exchange(ref _busy, 1);
        try
        {
            // Read and discard, counting: the simulator keeps sizes, not bytes.
            var buffer = new byte[1 << 16];
            int read;
            while ((read = await context.Request.Body.ReadAsync(buffer, context.RequestAborted)) > 0)
            {
                image.Received += read;
            }

            image.Complete = image.Received == length;
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or Microsoft.AspNetCore.Connections.ConnectionResetException or BadHttpRequestException)
        {
            // The client went away: the image stays incomplete, as kvmd leaves it.
            return;
        }
        finally
        {
            Interlocked.Exchange(ref _busy, 0);
        }

        await KvmdResponse.Ok(context, new JsonObject { ["image"] = new JsonObject { ["name"] = name, ["size"] = image.Received } });
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

        if (Images.ContainsKey(name))
        {
            await KvmdResponse.Error(context, 400, "MsdImageExistsError", "This image is already exists");
            return;
        }

        context.Response.ContentType = "application/x-ndjson";
        const long size = 3_000_000;
        var image = new SimImage(size, false, options.Clock.UtcNow.ToUnixTimeMilliseconds() / 1000.0);
        Images[name] = image;
        for (long written = 0; written <= size; written += size / 4)
        {
            if (url.Contains("fail", StringComparison.Ordinal) && written > size / 2)
            {
                Images.TryRemove(name, out _);
                await Line(context, "{\"ok\": false, \"result\": {\"error\": \"MsdDownloadError\", \"error_msg\": \"Can't download the image: connection reset\"}}");
                return;
            }

            image.Received = written;
            await Line(context, $"{{\"ok\": true, \"result\": {{\"image\": {{\"name\": \"{name}\", \"size\": {size}, \"written\": {written}}}}}}}");
        }

        image.Complete = true;
    }

    internal async Task SetParams(HttpContext context)
    {
        if (Connected)
        {
            await KvmdResponse.Error(context, 400, "MsdConnectedError", "MSD is connected to Server, but shouldn't for this operation");
            return;
        }

        string? image = context.Request.Query.ContainsKey("image") ? context.Request.Query["image"].ToString() : null;
        if (!string.IsNullOrEmpty(image) && !Images.ContainsKey(image))
        {
            await KvmdResponse.Error(context, 400, "MsdUnknownImageError", "The image is not found in the storage");
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

        if (connected.Value && DriveImage == null)
        {
            await KvmdResponse.Error(context, 400, "MsdImageNotSelected", "The image is not selected");
            return;
        }

        Connected = connected.Value;
        Operations.Enqueue(connected.Value ? "connect" : "disconnect");
        await KvmdResponse.Ok(context);
    }

    internal async Task Remove(HttpContext context)
    {
        string name = context.Request.Query["image"].ToString();
        if (Connected && DriveImage == name)
        {
            await KvmdResponse.Error(context, 400, "MsdConnectedError", "MSD is connected to Server, but shouldn't for this operation");
            return;
        }

        if (!Images.TryRemove(name, out _))
        {
            await KvmdResponse.Error(context, 400, "MsdUnknownImageError", "The image is not found in the storage");
            return;
        }

        Operations.Enqueue("remove " + name);
        await KvmdResponse.Ok(context);
    }

    private static async Task Line(HttpContext context, string json)
    {
        await context.Response.WriteAsync(json + "\n");
        await context.Response.Body.FlushAsync();
    }
}

public sealed class SimImage(long size, bool complete, double modified)
{
    public long Size { get; } = size;

    public bool Complete { get; set; } = complete;

    public double Modified { get; } = modified;

    public long Received { get; set; }
}
