namespace KvmPve.Simulator.PiKvm;

/// <summary>
/// ustreamer's snapshot through kvmd: a JPEG (a "no signal" one with allow_offline), 503 UnavailableError without a
/// signal, and OCR that reads the virtual screen the keyboard typed into.
/// </summary>
public sealed class KvmdStreamer(PiKvmSimulatorOptions options, KvmdScreen screen)
{
    /// <summary>The picture served: a JPEG start and end marker around 64 KiB of pattern.</summary>
    public static readonly byte[] Picture = MakePicture(0x5A);

    public static readonly byte[] NoSignalPicture = MakePicture(0x00);

    /// <summary>ustreamer's state as kvmd reports it: the source's resolution and whether it has a signal.</summary>
    internal System.Text.Json.Nodes.JsonObject StateJson(int clients) => new()
    {
        ["features"] = new System.Text.Json.Nodes.JsonObject { ["h264"] = true, ["quality"] = true, ["resolution"] = false },
        ["limits"] = new System.Text.Json.Nodes.JsonObject { ["max_fps"] = 60 },
        ["params"] = new System.Text.Json.Nodes.JsonObject { ["desired_fps"] = 40, ["quality"] = 80 },
        ["snapshot"] = new System.Text.Json.Nodes.JsonObject { ["saved"] = null },
        ["streamer"] = new System.Text.Json.Nodes.JsonObject
        {
            ["source"] = new System.Text.Json.Nodes.JsonObject
            {
                ["online"] = screen.Signal,
                ["resolution"] = new System.Text.Json.Nodes.JsonObject { ["width"] = options.ScreenWidth, ["height"] = options.ScreenHeight },
                ["captured_fps"] = screen.Signal ? 30 : 0,
            },
            ["stream"] = new System.Text.Json.Nodes.JsonObject { ["clients"] = clients, ["queued_fps"] = 30 },
        },
    };

    internal async Task Snapshot(HttpContext context)
    {
        bool allowOffline = KvmdApi.ParseBool(context.Request.Query["allow_offline"].ToString()) == true;
        if (!screen.Signal && !allowOffline)
        {
            await KvmdResponse.Error(context, 503, "UnavailableError", "Service Unavailable");
            return;
        }

        context.Response.Headers["X-UStreamer-Online"] = screen.Signal ? "true" : "false";
        if (KvmdApi.ParseBool(context.Request.Query["ocr"].ToString()) == true)
        {
            context.Response.ContentType = "text/plain";
            await context.Response.WriteAsync(screen.Text());
            return;
        }

        context.Response.ContentType = "image/jpeg";
        byte[] picture = screen.Signal ? Picture : NoSignalPicture;
        context.Response.ContentLength = picture.Length;
        await context.Response.Body.WriteAsync(picture);
    }

    private static byte[] MakePicture(byte fill)
    {
        var bytes = new byte[64 * 1024 + 4];
        Array.Fill(bytes, fill);
        (bytes[0], bytes[1], bytes[^2], bytes[^1]) = (0xFF, 0xD8, 0xFF, 0xD9);
        return bytes;
    }
}
