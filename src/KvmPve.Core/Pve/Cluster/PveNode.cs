using System;
using System.Text.Json;
using KvmPve.Json;

namespace KvmPve
{
    /// <summary>A cluster node as GET /nodes reports it.</summary>
    public sealed class PveNode
    {
        public string Name { get; set; } = string.Empty;

        /// <summary>online, offline or unknown.</summary>
        public string? Status { get; set; }

        /// <summary>CPU load, 0 to 1.</summary>
        public double? Cpu { get; set; }

        public int? MaxCpu { get; set; }

        public long? Memory { get; set; }

        public long? MaxMemory { get; set; }

        public TimeSpan? Uptime { get; set; }

        /// <summary>The subscription level (c, b, s, p), empty without one.</summary>
        public string? SupportLevel { get; set; }

        public PveSession? Session { get; set; }

        internal static PveNode From(JsonElement data, PveSession session)
        {
            double? uptime = JsonTree.Number(data, "uptime");
            return new PveNode
            {
                Name = JsonTree.String(data, "node") ?? string.Empty,
                Status = JsonTree.String(data, "status"),
                Cpu = JsonTree.Number(data, "cpu"),
                MaxCpu = (int?)JsonTree.Number(data, "maxcpu"),
                Memory = (long?)JsonTree.Number(data, "mem"),
                MaxMemory = (long?)JsonTree.Number(data, "maxmem"),
                Uptime = uptime.HasValue ? TimeSpan.FromSeconds(uptime.Value) : (TimeSpan?)null,
                SupportLevel = JsonTree.String(data, "level"),
                Session = session,
            };
        }
    }
}
