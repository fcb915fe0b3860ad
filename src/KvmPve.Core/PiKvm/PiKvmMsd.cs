using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using KvmPve.Json;

namespace KvmPve
{
    public enum PiKvmMsdMedia
    {
        Cdrom,
        Flash,
    }

    /// <summary>GET /api/msd: the virtual drive and its storage.</summary>
    public sealed class PiKvmMsdState
    {
        public bool Enabled { get; set; }

        public bool Online { get; set; }

        public bool Busy { get; set; }

        /// <summary>Whether the drive is plugged into the machine.</summary>
        public bool Connected { get; set; }

        /// <summary>The image selected for the drive, if any.</summary>
        public string? Image { get; set; }

        public PiKvmMsdMedia Media { get; set; }

        public bool ReadWrite { get; set; }

        public long? StorageSize { get; set; }

        public long? StorageFree { get; set; }

        public PiKvmSession? Session { get; set; }

        internal static PiKvmMsdState From(JsonElement result, PiKvmSession session)
        {
            bool Flag(params string[] path) => JsonTree.At(result, path)?.ValueKind == JsonValueKind.True;
            JsonElement? parts = JsonTree.At(result, "storage", "parts");
            return new PiKvmMsdState
            {
                Enabled = Flag("enabled"),
                Online = Flag("online"),
                Busy = Flag("busy"),
                Connected = Flag("drive", "connected"),
                Image = JsonTree.String(result, "drive", "image"),
                Media = JsonTree.At(result, "drive", "cdrom")?.ValueKind == JsonValueKind.False ? PiKvmMsdMedia.Flash : PiKvmMsdMedia.Cdrom,
                ReadWrite = Flag("drive", "rw"),
                // Newer kvmd reports storage per partition; older ones a single size/free.
                StorageSize = (long?)(Sum(parts, "size") ?? JsonTree.Number(result, "storage", "size")),
                StorageFree = (long?)(Sum(parts, "free") ?? JsonTree.Number(result, "storage", "free")),
                Session = session,
            };
        }

        private static double? Sum(JsonElement? parts, string name) =>
            parts is JsonElement p && p.ValueKind == JsonValueKind.Object
                ? p.EnumerateObject().Sum(part => JsonTree.Number(part.Value, name) ?? 0)
                : (double?)null;
    }

    /// <summary>An image in the PiKVM's MSD storage.</summary>
    public sealed class PiKvmMsdImage
    {
        public string Name { get; set; } = string.Empty;

        public long Size { get; set; }

        /// <summary>False while an upload is still writing it.</summary>
        public bool Complete { get; set; }

        public DateTime? Modified { get; set; }

        public bool Removable { get; set; }

        public PiKvmSession? Session { get; set; }

        internal static List<PiKvmMsdImage> From(JsonElement result, PiKvmSession session)
        {
            var images = new List<PiKvmMsdImage>();
            if (JsonTree.At(result, "storage", "images") is JsonElement map && map.ValueKind == JsonValueKind.Object)
            {
                foreach (JsonProperty image in map.EnumerateObject())
                {
                    double? modified = JsonTree.Number(image.Value, "mod_ts");
                    images.Add(new PiKvmMsdImage
                    {
                        Name = image.Name,
                        Size = (long)(JsonTree.Number(image.Value, "size") ?? 0),
                        Complete = JsonTree.At(image.Value, "complete")?.ValueKind != JsonValueKind.False,
                        Modified = modified.HasValue ? DateTimeOffset.FromUnixTimeMilliseconds((long)(modified.Value * 1000)).LocalDateTime : (DateTime?)null,
                        Removable = JsonTree.At(image.Value, "removable")?.ValueKind != JsonValueKind.False,
                        Session = session,
                    });
                }
            }

            return images.OrderBy(i => i.Name, StringComparer.Ordinal).ToList();
        }
    }
}
