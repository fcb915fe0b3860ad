using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using KvmPve.Errors;
using KvmPve.Json;

namespace KvmPve
{
    /// <summary>The video streamer (GET /api/streamer): what it captures, its settings, and the ranges kvmd allows.</summary>
    public sealed class PiKvmStreamerState
    {
        /// <summary>Whether the captured source has a signal; false also while the streamer does not run (nobody watches).</summary>
        public bool Online { get; set; }

        /// <summary>Whether ustreamer runs now (kvmd starts it while someone watches).</summary>
        public bool Running { get; set; }

        public int? Width { get; set; }

        public int? Height { get; set; }

        public int? CapturedFps { get; set; }

        public int? Quality { get; set; }

        public int? DesiredFps { get; set; }

        public string? Resolution { get; set; }

        public int? H264Bitrate { get; set; }

        public int? H264Gop { get; set; }

        /// <summary>What this PiKVM's streamer can change: quality, resolution, h264.</summary>
        public string[] Features { get; set; } = Array.Empty<string>();

        /// <summary>kvmd's limits: desired_fps, h264_bitrate, h264_gop ranges; available_resolutions.</summary>
        public object? Limits { get; set; }

        public object? Data { get; set; }

        public PiKvmSession? Session { get; set; }

        internal JsonElement Raw { get; set; }

        internal static PiKvmStreamerState From(JsonElement result, ObjectBuilder build, PiKvmSession session)
        {
            int? Int(params string[] path) => JsonTree.Number(result, path) is double d ? (int)d : (int?)null;
            JsonElement? streamer = JsonTree.At(result, "streamer");
            return new PiKvmStreamerState
            {
                Running = streamer is JsonElement s && s.ValueKind == JsonValueKind.Object,
                Online = JsonTree.Flag(result, "streamer", "source", "online") == true,
                Width = Int("streamer", "source", "resolution", "width"),
                Height = Int("streamer", "source", "resolution", "height"),
                CapturedFps = Int("streamer", "source", "captured_fps"),
                Quality = Int("params", "quality"),
                DesiredFps = Int("params", "desired_fps"),
                Resolution = JsonTree.String(result, "params", "resolution"),
                H264Bitrate = Int("params", "h264_bitrate"),
                H264Gop = Int("params", "h264_gop"),
                Features = JsonTree.At(result, "features") is JsonElement f && f.ValueKind == JsonValueKind.Object
                    ? f.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.True).Select(p => p.Name).ToArray() : Array.Empty<string>(),
                Limits = JsonTree.At(result, "limits") is JsonElement l ? JsonTree.ToObject(l, build) : null,
                Data = JsonTree.ToObject(result, build),
                Session = session,
                Raw = result.Clone(),
            };
        }
    }

    /// <summary>What Set-PiKvmStreamer changes; null leaves a setting as it is.</summary>
    public sealed class PiKvmStreamerParams
    {
        public int? Quality { get; set; }

        public int? DesiredFps { get; set; }

        public string? Resolution { get; set; }

        public int? H264Bitrate { get; set; }

        public int? H264Gop { get; set; }
    }

    public sealed partial class PiKvmSession
    {
        internal async Task<PiKvmStreamerState> GetStreamerAsync(CancellationToken cancellationToken) =>
            PiKvmStreamerState.From(await GetAsync("/api/streamer", cancellationToken).ConfigureAwait(false), Client.Build, this);

        /// <summary>
        /// Changes the streamer's settings (POST /api/streamer/set_params), each checked first against what this PiKVM
        /// can change (its features) and kvmd's limits: quality 1–100, the desired FPS, H.264 bitrate and GOP within
        /// their ranges, a resolution from the available ones.
        /// </summary>
        internal async Task SetStreamerAsync(PiKvmStreamerParams settings, CancellationToken cancellationToken)
        {
            PiKvmStreamerState now = await GetStreamerAsync(cancellationToken).ConfigureAwait(false);
            var query = new List<KeyValuePair<string, string>>();
            void Number(string name, string feature, int? value, int min, int max)
            {
                if (!(value is int v))
                {
                    return;
                }

                if (feature.Length > 0 && !now.Features.Contains(feature))
                {
                    throw new KvmPveException(ErrorKind.InvalidOperation, "PiKvmStreamerFeatureUnavailable", $"PiKVM {Server}'s streamer cannot change {name} (it has no {feature} feature). It can change: {string.Join(", ", new[] { "desired_fps" }.Concat(now.Features))}.");
                }

                (int low, int high) = Range(now.Raw, name, min, max);
                if (v < low || v > high)
                {
                    throw KvmPveException.Invalid("PiKvmStreamerOutOfRange", $"{name} {v} is outside what PiKVM {Server} allows: {low} to {high}.");
                }

                query.Add(Pair(name, v.ToString(CultureInfo.InvariantCulture)));
            }

            Number("quality", "quality", settings.Quality, 1, 100);
            Number("desired_fps", string.Empty, settings.DesiredFps, 0, 120);
            Number("h264_bitrate", "h264", settings.H264Bitrate, 25, 20000);
            Number("h264_gop", "h264", settings.H264Gop, 0, 60);
            if (settings.Resolution != null)
            {
                string[] available = JsonTree.At(now.Raw, "limits", "available_resolutions") is JsonElement list && list.ValueKind == JsonValueKind.Array
                    ? list.EnumerateArray().Select(r => r.GetString() ?? string.Empty).ToArray() : Array.Empty<string>();
                if (!now.Features.Contains("resolution") || !available.Contains(settings.Resolution))
                {
                    throw KvmPveException.Invalid("PiKvmStreamerOutOfRange",
                        $"Resolution '{settings.Resolution}' is not one PiKVM {Server} can capture. Available: {(available.Length == 0 ? "none (its capture has a fixed resolution)" : string.Join(", ", available))}.");
                }

                query.Add(Pair("resolution", settings.Resolution));
            }

            if (query.Count == 0)
            {
                throw KvmPveException.Invalid("PiKvmStreamerNothing", "Nothing to change: give -Quality, -DesiredFps, -Resolution, -H264Bitrate or -H264Gop.");
            }

            await PostAsync("/api/streamer/set_params", query, cancellationToken).ConfigureAwait(false);

            // kvmd applies new settings about a second after the last change (its stream controller waits for quiet):
            // wait until its params show them, within a bound.
            DateTimeOffset until = DateTimeOffset.UtcNow + StreamerApplyLimit;
            while (true)
            {
                PiKvmStreamerState state = await GetStreamerAsync(cancellationToken).ConfigureAwait(false);
                string[] pending = query.Where(p => JsonTree.String(state.Raw, "params", p.Key) != p.Value).Select(p => p.Key).ToArray();
                if (pending.Length == 0)
                {
                    return;
                }

                if (DateTimeOffset.UtcNow >= until)
                {
                    throw new KvmPveException(ErrorKind.OperationTimeout, "PiKvmStreamerNotApplied",
                        $"PiKVM {Server} took the streamer settings but has not applied {string.Join(", ", pending)} after {StreamerApplyLimit.TotalSeconds} s; its params are: {string.Join(", ", pending.Select(p => p + "=" + (JsonTree.String(state.Raw, "params", p) ?? "none")))}.");
                }

                await Task.Delay(250, cancellationToken).ConfigureAwait(false);
            }
        }

        private static readonly TimeSpan StreamerApplyLimit = TimeSpan.FromSeconds(5);

        /// <summary>Restarts the streamer (POST /api/streamer/reset): a stuck capture starts again.</summary>
        internal Task ResetStreamerAsync(CancellationToken cancellationToken) => PostAsync("/api/streamer/reset", Array.Empty<KeyValuePair<string, string>>(), cancellationToken);

        // kvmd's limits for a setting ({min, max}), else the validator's own range (kvmd/validators/kvm.py).
        private static (int, int) Range(JsonElement state, string name, int min, int max) =>
            JsonTree.At(state, "limits", name) is JsonElement l && JsonTree.Number(l, "min") is double low && JsonTree.Number(l, "max") is double high ? ((int)low, (int)high) : (min, max);
    }
}
