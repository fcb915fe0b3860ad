using System.Text.Json;
using KvmPve.Json;

namespace KvmPve
{
    /// <summary>GET /api/hid: the emulated keyboard and mouse.</summary>
    public sealed class PiKvmHidState
    {
        public bool Enabled { get; set; }

        public bool Online { get; set; }

        public bool Busy { get; set; }

        public bool KeyboardOnline { get; set; }

        public bool MouseOnline { get; set; }

        public bool MouseAbsolute { get; set; }

        public bool CapsLock { get; set; }

        public bool NumLock { get; set; }

        public bool ScrollLock { get; set; }

        public bool JigglerActive { get; set; }

        /// <summary>The whole answer as nested objects.</summary>
        public object? Data { get; set; }

        public PiKvmSession? Session { get; set; }

        internal static PiKvmHidState From(JsonElement result, ObjectBuilder build, PiKvmSession session)
        {
            bool Flag(params string[] path) => JsonTree.At(result, path)?.ValueKind == JsonValueKind.True;
            return new PiKvmHidState
            {
                Enabled = Flag("enabled"),
                Online = Flag("online"),
                Busy = Flag("busy"),
                KeyboardOnline = Flag("keyboard", "online"),
                MouseOnline = Flag("mouse", "online"),
                MouseAbsolute = Flag("mouse", "absolute"),
                CapsLock = Flag("keyboard", "leds", "caps"),
                NumLock = Flag("keyboard", "leds", "num"),
                ScrollLock = Flag("keyboard", "leds", "scroll"),
                JigglerActive = Flag("jiggler", "active"),
                Data = JsonTree.ToObject(result, build),
                Session = session,
            };
        }
    }

    /// <summary>A keyboard layout kvmd can type text in.</summary>
    public sealed class PiKvmKeymap
    {
        public string Name { get; set; } = string.Empty;

        public bool IsDefault { get; set; }

        public override string ToString() => Name;
    }
}
