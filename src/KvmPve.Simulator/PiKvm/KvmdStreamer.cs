using System.Globalization;

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
    private int _quality = 80;
    private int _desiredFps = 40;

    // As kvmd v4.132 without an H.264 encoder: quality and FPS can change, the resolution cannot.
    internal System.Text.Json.Nodes.JsonObject StateJson(int clients) => new()
    {
        ["applied"] = new System.Text.Json.Nodes.JsonObject { ["desired_fps"] = _desiredFps, ["quality"] = _quality },
        ["features"] = new System.Text.Json.Nodes.JsonObject { ["h264"] = false, ["quality"] = true, ["resolution"] = false },
        ["limits"] = new System.Text.Json.Nodes.JsonObject { ["desired_fps"] = new System.Text.Json.Nodes.JsonObject { ["max"] = 70, ["min"] = 0 } },
        ["params"] = new System.Text.Json.Nodes.JsonObject { ["desired_fps"] = _desiredFps, ["quality"] = _quality },
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

    /// <summary>
    /// POST /streamer/set_params (kvmd/apps/kvmd/server.py): quality 1-100 and desired_fps within the limits; the
    /// resolution and H.264 settings this streamer lacks are refused with kvmd's errors.
    /// </summary>
    internal Task SetParams(HttpContext context)
    {
        if (context.Request.Query["resolution"].ToString().Length > 0)
        {
            return KvmdResponse.Error(context, 400, "StreamerResolutionNotSupported", "This streamer does not support resolution settings");
        }

        if (context.Request.Query["h264_bitrate"].ToString().Length > 0 || context.Request.Query["h264_gop"].ToString().Length > 0)
        {
            return KvmdResponse.Error(context, 400, "StreamerH264NotSupported", "This streamer does not support H264");
        }

        if (int.TryParse(context.Request.Query["quality"].ToString(), out int quality))
        {
            if (quality is < 1 or > 100)
            {
                return KvmdResponse.Invalid(context, quality.ToString(CultureInfo.InvariantCulture), "stream quality");
            }

            _quality = quality;
        }

        if (int.TryParse(context.Request.Query["desired_fps"].ToString(), out int fps))
        {
            if (fps is < 0 or > 70)
            {
                return KvmdResponse.Invalid(context, fps.ToString(CultureInfo.InvariantCulture), "stream FPS");
            }

            _desiredFps = fps;
        }

        return KvmdResponse.Ok(context);
    }

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
