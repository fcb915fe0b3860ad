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

        /// <summary>Whether the jiggler is available on this PiKVM (kvmd's jiggler.enabled).</summary>
        public bool JigglerEnabled { get; set; }

        /// <summary>The keyboard's output (usb, ps2, disabled) and those the PiKVM offers; empty where it has no choice.</summary>
        public string? KeyboardOutput { get; set; }

        public string[] KeyboardOutputs { get; set; } = System.Array.Empty<string>();

        /// <summary>The mouse's output (usb, usb_win98, usb_rel, ps2, disabled) and those the PiKVM offers.</summary>
        public string? MouseOutput { get; set; }

        public string[] MouseOutputs { get; set; } = System.Array.Empty<string>();

        /// <summary>Whether the USB HID is connected to the machine; null where the PiKVM cannot disconnect it.</summary>
        public bool? Connected { get; set; }

        /// <summary>Seconds since the last keyboard or mouse input (GET /api/hid/inactivity).</summary>
        public double? InactivitySeconds { get; set; }

        /// <summary>The whole answer as nested objects.</summary>
        public object? Data { get; set; }

        public PiKvmSession? Session { get; set; }

        private static string? Empty(string? text) => string.IsNullOrEmpty(text) ? null : text;

        private static string[] Strings(JsonElement? list) =>
            list is JsonElement l && l.ValueKind == JsonValueKind.Array ? System.Linq.Enumerable.ToArray(System.Linq.Enumerable.Select(l.EnumerateArray(), e => e.GetString() ?? string.Empty)) : System.Array.Empty<string>();

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
                JigglerEnabled = Flag("jiggler", "enabled"),
                KeyboardOutput = Empty(JsonTree.String(result, "keyboard", "outputs", "active")),
                KeyboardOutputs = Strings(JsonTree.At(result, "keyboard", "outputs", "available")),
                MouseOutput = Empty(JsonTree.String(result, "mouse", "outputs", "active")),
                MouseOutputs = Strings(JsonTree.At(result, "mouse", "outputs", "available")),
                Connected = JsonTree.At(result, "connected") is JsonElement c && (c.ValueKind == JsonValueKind.True || c.ValueKind == JsonValueKind.False) ? c.ValueKind == JsonValueKind.True : (bool?)null,
                Data = JsonTree.ToObject(result, build),
                Session = session,
            };
        }
    }

    /// <summary>What Set-PiKvmHid changes; null leaves a setting as it is.</summary>
    public sealed class PiKvmHidParams
    {
        public string? KeyboardOutput { get; set; }

        public string? MouseOutput { get; set; }

        public bool? Jiggler { get; set; }

        public bool? Connected { get; set; }
    }

    /// <summary>A keyboard layout kvmd can type text in.</summary>
    public sealed class PiKvmKeymap
    {
        public string Name { get; set; } = string.Empty;

        public bool IsDefault { get; set; }

        public override string ToString() => Name;
    }
}
