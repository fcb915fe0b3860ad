using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using KvmPve.Errors;
using KvmPve.Json;

namespace KvmPve
{
    /// <summary>
    /// The PiKVM Switch (GET /api/switch, kvmd/apps/kvmd/switch/state.py): up to five units of four ports chained,
    /// which port the PiKVM sees, and each port's name, EDID, ATX LEDs and links. No units: no Switch is connected.
    /// </summary>
    public sealed class PiKvmSwitch
    {
        /// <summary>How many Switch units are chained (0: none is connected).</summary>
        public int Units { get; set; }

        /// <summary>The port the PiKVM sees now (its id, such as 2 or 1.3), or null when none is active.</summary>
        public string? ActivePort { get; set; }

        /// <summary>Whether the units have taken the last changes (active port, EDIDs, colors).</summary>
        public bool Synced { get; set; }

        public IReadOnlyList<PiKvmSwitchPort> Ports { get; set; } = Array.Empty<PiKvmSwitchPort>();

        /// <summary>The EDIDs a port can be given (id and name); "default" is kvmd's own.</summary>
        public IReadOnlyDictionary<string, string> Edids { get; set; } = new Dictionary<string, string>();

        public PiKvmSession? Session { get; set; }

        internal static PiKvmSwitch From(JsonElement result, PiKvmSession session)
        {
            int active = (int)(JsonTree.Number(result, "summary", "active_port") ?? -1);
            var edids = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            if (JsonTree.At(result, "edids", "all") is JsonElement all && all.ValueKind == JsonValueKind.Object)
            {
                foreach (JsonProperty edid in all.EnumerateObject())
                {
                    edids[edid.Name] = JsonTree.String(edid.Value, "name") ?? edid.Name;
                }
            }

            var ports = new List<PiKvmSwitchPort>();
            if (JsonTree.At(result, "model", "ports") is JsonElement model && model.ValueKind == JsonValueKind.Array)
            {
                int index = 0;
                foreach (JsonElement port in model.EnumerateArray())
                {
                    ports.Add(new PiKvmSwitchPort
                    {
                        Index = index,
                        Id = JsonTree.String(port, "id") ?? (index + 1).ToString(CultureInfo.InvariantCulture),
                        Unit = (int)(JsonTree.Number(port, "unit") ?? 0) + 1,
                        Channel = (int)(JsonTree.Number(port, "channel") ?? 0) + 1,
                        Name = JsonTree.String(port, "name") ?? string.Empty,
                        Active = index == active,
                        PowerLed = Item(result, index, "atx", "leds", "power") ?? false,
                        HddLed = Item(result, index, "atx", "leds", "hdd") ?? false,
                        Busy = Item(result, index, "atx", "busy") ?? false,
                        VideoLink = Item(result, index, "video", "links"),
                        UsbLink = Item(result, index, "usb", "links"),
                        Dummy = JsonTree.Flag(port, "video", "dummy") ?? false,
                        EdidId = At(result, index, "edids", "used") is JsonElement used && used.ValueKind == JsonValueKind.String ? used.GetString() : null,
                        PowerClickDelay = JsonTree.Number(port, "atx", "click_delays", "power"),
                        PowerLongClickDelay = JsonTree.Number(port, "atx", "click_delays", "power_long"),
                        ResetClickDelay = JsonTree.Number(port, "atx", "click_delays", "reset"),
                        Session = session,
                    });
                    index++;
                }
            }

            return new PiKvmSwitch
            {
                Units = JsonTree.At(result, "model", "units") is JsonElement units && units.ValueKind == JsonValueKind.Array ? units.GetArrayLength() : 0,
                ActivePort = active >= 0 && active < ports.Count ? ports[active].Id : null,
                Synced = JsonTree.Flag(result, "summary", "synced") ?? false,
                Ports = ports,
                Edids = edids,
                Session = session,
            };
        }

        /// <summary>
        /// The port a user names: its id as kvmd shows it (3, or 2.1 with several units), its number counted from 1
        /// across the units, or its name. kvmd clamps and silently ignores a port it does not have
        /// (switch/chain.py translate_port, _CmdSetActivePort), so a wrong one is refused here, naming the valid ones.
        /// </summary>
        public PiKvmSwitchPort Port(string port)
        {
            if (Ports.Count == 0)
            {
                throw new KvmPveException(ErrorKind.ObjectNotFound, "PiKvmNoSwitch",
                    $"The PiKVM at {Session?.Server.Authority} has no Switch connected (kvmd reports no units), so it has no port '{port}'.");
            }

            string wanted = port.Trim();
            PiKvmSwitchPort? found = Ports.FirstOrDefault(p => p.Id == wanted)
                ?? (int.TryParse(wanted, NumberStyles.None, CultureInfo.InvariantCulture, out int number) && number >= 1 && number <= Ports.Count ? Ports[number - 1] : null)
                ?? Ports.FirstOrDefault(p => p.Name.Length > 0 && string.Equals(p.Name, wanted, StringComparison.OrdinalIgnoreCase));
            return found ?? throw new KvmPveException(ErrorKind.ObjectNotFound, "PiKvmSwitchPortNotFound",
                $"The PiKVM Switch has no port '{port}'. Its ports: {string.Join(", ", Ports.Select(p => p.Name.Length > 0 ? $"{p.Id} ({p.Name})" : p.Id))}.");
        }

        /// <summary>
        /// Refuses what kvmd would: an EDID the Switch does not have (SwitchUnknownEdidError), listing those it has, and
        /// a name longer than kvmd keeps (valid_switch_port_name cuts at 255 characters).
        /// </summary>
        public void Check(PiKvmSwitchPortParams settings)
        {
            if (settings.EdidId != null && !Edids.ContainsKey(settings.EdidId))
            {
                throw KvmPveException.Invalid("PiKvmSwitchEdidNotFound",
                    $"The PiKVM Switch has no EDID '{settings.EdidId}'. Its EDIDs: {string.Join(", ", Edids.Select(e => $"{e.Key} ({e.Value})"))}.");
            }

            if (settings.Name is string name && name.Trim().Length > 255)
            {
                throw KvmPveException.Invalid("PiKvmSwitchPortNameTooLong", $"A Switch port name has at most 255 characters; '{name.Substring(0, 20)}…' has {name.Trim().Length}.");
            }
        }

        private static JsonElement? At(JsonElement result, int index, params string[] path) =>
            JsonTree.At(result, path) is JsonElement list && list.ValueKind == JsonValueKind.Array && index < list.GetArrayLength() ? list[index] : null;

        private static bool? Item(JsonElement result, int index, params string[] path) => At(result, index, path) switch
        {
            JsonElement { ValueKind: JsonValueKind.True } => true,
            JsonElement { ValueKind: JsonValueKind.False } => false,
            _ => null,
        };
    }

    /// <summary>One port of the PiKVM Switch: the machine behind it, its LEDs and settings.</summary>
    public sealed class PiKvmSwitchPort
    {
        /// <summary>kvmd's port number, from 0 across the units (what the API is sent).</summary>
        public int Index { get; set; }

        /// <summary>The port as the Switch labels it: 1 to 4, or unit.port (2.3) with several units.</summary>
        public string Id { get; set; } = string.Empty;

        public int Unit { get; set; }

        public int Channel { get; set; }

        public string Name { get; set; } = string.Empty;

        /// <summary>The PiKVM sees this port's machine now.</summary>
        public bool Active { get; set; }

        public bool PowerLed { get; set; }

        public bool HddLed { get; set; }

        /// <summary>An ATX press on this port is under way; kvmd ignores another meanwhile.</summary>
        public bool Busy { get; set; }

        /// <summary>Whether the port's video input has 5 V (a machine is plugged in and on).</summary>
        public bool? VideoLink { get; set; }

        public bool? UsbLink { get; set; }

        /// <summary>Whether the port simulates a display while it is not active.</summary>
        public bool Dummy { get; set; }

        public string? EdidId { get; set; }

        public double? PowerClickDelay { get; set; }

        public double? PowerLongClickDelay { get; set; }

        public double? ResetClickDelay { get; set; }

        public PiKvmSession? Session { get; set; }
    }

    /// <summary>What Set-PiKvmSwitchPort changes on a port (kvmd's set_port_params); null leaves a value.</summary>
    public sealed class PiKvmSwitchPortParams
    {
        public string? Name { get; set; }

        public string? EdidId { get; set; }

        public bool? Dummy { get; set; }

        internal bool IsEmpty => Name == null && EdidId == null && Dummy == null;
    }
}
