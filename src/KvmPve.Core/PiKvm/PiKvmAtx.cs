using System.Text.Json;
using KvmPve.Json;

namespace KvmPve
{
    /// <summary>What ATX power actions ask of the machine behind the PiKVM (kvmd's on, off, off_hard, reset_hard).</summary>
    public enum PiKvmAtxPowerAction
    {
        /// <summary>Turns the machine on (nothing when it is on).</summary>
        On,

        /// <summary>A short press of the power button: the OS shuts down (nothing when it is off).</summary>
        Off,

        /// <summary>A long press: power cut at once.</summary>
        OffHard,

        /// <summary>The reset button: a hard restart.</summary>
        ResetHard,
    }

    /// <summary>The ATX buttons as such, whatever the machine's state (kvmd's power, power_long, reset).</summary>
    public enum PiKvmAtxButton
    {
        Power,
        PowerLong,
        Reset,
    }

    /// <summary>GET /api/atx: whether ATX control is on, busy, and the power and disk LEDs.</summary>
    public sealed class PiKvmAtxState
    {
        public bool Enabled { get; set; }

        /// <summary>An ATX operation (a press) is under way; another one now answers ResourceBusy.</summary>
        public bool Busy { get; set; }

        public bool PowerLed { get; set; }

        public bool HddLed { get; set; }

        /// <summary>The PiKVM Switch port this is the ATX of; null for the PiKVM's own ATX.</summary>
        public string? Port { get; set; }

        public PiKvmSession? Session { get; set; }

        internal static PiKvmAtxState From(PiKvmSwitchPort port) => new PiKvmAtxState
        {
            Enabled = true,
            Busy = port.Busy,
            PowerLed = port.PowerLed,
            HddLed = port.HddLed,
            Port = port.Id,
            Session = port.Session,
        };

        internal static PiKvmAtxState From(JsonElement result, PiKvmSession session) => new PiKvmAtxState
        {
            Enabled = JsonTree.At(result, "enabled")?.ValueKind == JsonValueKind.True,
            Busy = JsonTree.At(result, "busy")?.ValueKind == JsonValueKind.True,
            PowerLed = JsonTree.At(result, "leds", "power")?.ValueKind == JsonValueKind.True,
            HddLed = JsonTree.At(result, "leds", "hdd")?.ValueKind == JsonValueKind.True,
            Session = session,
        };

        /// <summary>kvmd's names: on, off, off_hard, reset_hard; power, power_long, reset.</summary>
        internal static string WireName(System.Enum value)
        {
            string name = value.ToString();
            var wire = new System.Text.StringBuilder();
            for (int i = 0; i < name.Length; i++)
            {
                if (i > 0 && char.IsUpper(name[i]))
                {
                    wire.Append('_');
                }

                wire.Append(char.ToLowerInvariant(name[i]));
            }

            return wire.ToString();
        }
    }
}
