using System;
using System.Text.Json;
using KvmPve.Json;

namespace KvmPve
{
    /// <summary>
    /// What <c>GET /api/info</c> says, with the values people look for on top and the whole answer in <see cref="Data"/>.
    /// Sections an older kvmd (or a <c>-Field</c> choice) leaves out are null.
    /// </summary>
    public sealed class PiKvmInfo
    {
        public string? HostName { get; set; }

        public string? KvmdVersion { get; set; }

        public string? StreamerApp { get; set; }

        public string? StreamerVersion { get; set; }

        /// <summary>The PiKVM model, for example v4plus.</summary>
        public string? Platform { get; set; }

        /// <summary>The board it runs on, for example "Raspberry Pi 4 Model B Rev 1.5".</summary>
        public string? Hardware { get; set; }

        /// <summary>Degrees Celsius.</summary>
        public double? CpuTemperature { get; set; }

        public double? CpuPercent { get; set; }

        public TimeSpan? Uptime { get; set; }

        /// <summary>The full answer as nested objects (auth, extras, fan, hw, meta, node, system, uptime…).</summary>
        public object? Data { get; set; }

        public PiKvmSession? Session { get; set; }

        public static PiKvmInfo FromResult(JsonElement result, ObjectBuilder build)
        {
            // Legacy answers nest health and platform under hw; newer ones put health on top and platform in system.
            JsonElement? health = JsonTree.At(result, "hw", "health") ?? JsonTree.At(result, "health");
            JsonElement? platform = JsonTree.At(result, "hw", "platform") ?? JsonTree.At(result, "system", "platform");
            double? uptime = JsonTree.Number(result, "uptime", "total");
            return new PiKvmInfo
            {
                HostName = JsonTree.String(result, "node", "host") ?? JsonTree.String(result, "meta", "server", "host"),
                KvmdVersion = JsonTree.String(result, "system", "kvmd", "version"),
                StreamerApp = JsonTree.String(result, "system", "streamer", "app"),
                StreamerVersion = JsonTree.String(result, "system", "streamer", "version"),
                Platform = platform is JsonElement p ? JsonTree.String(p, "model") : null,
                Hardware = platform is JsonElement b ? JsonTree.String(b, "base") : null,
                CpuTemperature = health is JsonElement t ? JsonTree.Number(t, "temp", "cpu") : null,
                CpuPercent = health is JsonElement c ? JsonTree.Number(c, "cpu", "percent") : null,
                Uptime = uptime.HasValue ? TimeSpan.FromSeconds(uptime.Value) : (TimeSpan?)null,
                Data = JsonTree.ToObject(result, build),
            };
        }
    }
}
