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

        /// <summary>The image selected for the drive, if any (kvmd sends it as an object once one is selected).</summary>
        public PiKvmMsdImage? Image { get; set; }

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
                Image = JsonTree.At(result, "drive", "image") is JsonElement image && image.ValueKind == JsonValueKind.Object
                    ? PiKvmMsdImage.FromEntry(JsonTree.String(image, "name") ?? string.Empty, image, session)
                    : null,
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
                    images.Add(FromEntry(image.Name, image.Value, session));
                }
            }

            return images.OrderBy(i => i.Name, StringComparer.Ordinal).ToList();
        }

        /// <summary>One image as kvmd describes it in <c>storage.images</c> and in <c>drive.image</c>.</summary>
        internal static PiKvmMsdImage FromEntry(string name, JsonElement image, PiKvmSession session)
        {
            double? modified = JsonTree.Number(image, "mod_ts");
            return new PiKvmMsdImage
            {
                Name = name,
                Size = (long)(JsonTree.Number(image, "size") ?? 0),
                Complete = JsonTree.At(image, "complete")?.ValueKind != JsonValueKind.False,
                Modified = modified.HasValue ? DateTimeOffset.FromUnixTimeMilliseconds((long)(modified.Value * 1000)).LocalDateTime : (DateTime?)null,
                Removable = JsonTree.At(image, "removable")?.ValueKind != JsonValueKind.False,
                Session = session,
            };
        }

        /// <summary>The name, so a table or a string shows the image as kvmd names it.</summary>
        public override string ToString() => Name;
    }
}
