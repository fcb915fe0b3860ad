using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace KvmPve.Simulator.PiKvm;

/// <summary>
/// kvmd's PiKVM Switch API (kvmd/apps/kvmd/api/switch.py, switch/{__init__,chain,state,types}.py) over simulated units
/// of four ports. Like kvmd: a port is a float (an index from 0, or unit.channel from 1) that is clamped, a port past
/// the chain or an ATX press on a busy port is ignored without an error, an unknown EDID is SwitchUnknownEdidError.
/// With no units (the default, like a PiKVM without a Switch) the state is empty and every change does nothing.
/// </summary>
public sealed partial class KvmdSwitch(PiKvmSimulatorOptions options)
{
    private readonly object _lock = new();
    private readonly Dictionary<int, string> _names = new();
    private readonly Dictionary<int, bool> _dummies = new();
    private readonly Dictionary<int, string> _edidOfPort = new();
    private readonly Dictionary<string, (string Name, string Data)> _edids = new(StringComparer.Ordinal) { ["default"] = ("Default", new string('0', 512)) };
    private readonly HashSet<int> _busy = new();
    private bool[]? _power;
    private int _active = options.SwitchUnits > 0 ? 0 : -1;

    /// <summary>Every press done, as port:button, for tests.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> Presses { get; } = new();

    private int Ports => options.SwitchUnits * 4;

    private bool[] Power => _power ??= Enumerable.Range(0, Ports).Select(_ => true).ToArray();

    internal Task State(HttpContext context) => KvmdResponse.Ok(context, StateJson());

    internal JsonObject StateJson()
    {
        lock (_lock)
        {
            bool many = options.SwitchUnits > 1;
            string Id(int port) => many ? $"{port / 4 + 1}.{port % 4 + 1}" : $"{port + 1}";
            JsonArray Flags(Func<int, bool> flag) => new(Enumerable.Range(0, Ports).Select(p => (JsonNode)JsonValue.Create(flag(p))).ToArray());
            return new JsonObject
            {
                ["model"] = new JsonObject
                {
                    ["firmware"] = new JsonObject { ["version"] = 9 },
                    ["units"] = new JsonArray(Enumerable.Range(0, options.SwitchUnits).Select(_ => (JsonNode)new JsonObject { ["firmware"] = new JsonObject { ["version"] = 9, ["devbuild"] = false } }).ToArray()),
                    ["ports"] = new JsonArray(Enumerable.Range(0, Ports).Select(p => (JsonNode)new JsonObject
                    {
                        ["unit"] = p / 4,
                        ["channel"] = p % 4,
                        ["name"] = _names.GetValueOrDefault(p, string.Empty),
                        ["id"] = Id(p),
                        ["atx"] = new JsonObject { ["click_delays"] = new JsonObject { ["power"] = 0.5, ["power_long"] = 5.5, ["reset"] = 0.5 } },
                        ["video"] = new JsonObject { ["dummy"] = _dummies.GetValueOrDefault(p, true) },
                    }).ToArray()),
                    ["limits"] = new JsonObject
                    {
                        ["atx"] = new JsonObject
                        {
                            ["click_delays"] = new JsonObject
                            {
                                ["power"] = new JsonObject { ["default"] = 0.5, ["min"] = 0, ["max"] = 10 },
                                ["power_long"] = new JsonObject { ["default"] = 5.5, ["min"] = 0, ["max"] = 10 },
                                ["reset"] = new JsonObject { ["default"] = 0.5, ["min"] = 0, ["max"] = 10 },
                            },
                        },
                    },
                },
                ["summary"] = new JsonObject { ["active_port"] = _active, ["active_id"] = _active < 0 ? string.Empty : Id(_active), ["synced"] = true },
                ["edids"] = new JsonObject
                {
                    ["all"] = new JsonObject(_edids.Select(e => KeyValuePair.Create(e.Key, (JsonNode?)new JsonObject { ["name"] = e.Value.Name, ["data"] = e.Value.Data, ["parsed"] = null }))),
                    ["used"] = new JsonArray(Enumerable.Range(0, Ports).Select(p => (JsonNode)JsonValue.Create(_edidOfPort.GetValueOrDefault(p, "default"))).ToArray()),
                },
                ["video"] = new JsonObject { ["links"] = Flags(p => Power[p]) },
                ["usb"] = new JsonObject { ["links"] = Flags(_ => true) },
                ["beacons"] = new JsonObject { ["uplinks"] = new JsonArray(), ["downlinks"] = new JsonArray(), ["ports"] = Flags(_ => false) },
                ["atx"] = new JsonObject { ["busy"] = Flags(_busy.Contains), ["leds"] = new JsonObject { ["power"] = Flags(p => Power[p]), ["hdd"] = Flags(_ => false) } },
            };
        }
    }

    internal Task SetActive(HttpContext context)
    {
        if (Port(context) is not int port)
        {
            return KvmdResponse.Invalid(context, context.Request.Query["port"].ToString(), "a non-negative float");
        }

        lock (_lock)
        {
            if (port < Ports)
            {
                _active = port;
            }
        }

        return KvmdResponse.Ok(context);
    }

    internal Task SetPortParams(HttpContext context)
    {
        if (Port(context) is not int port)
        {
            return KvmdResponse.Invalid(context, context.Request.Query["port"].ToString(), "a non-negative float");
        }

        string? edid = context.Request.Query["edid_id"].FirstOrDefault();
        if (edid != null && !EdidId().IsMatch(edid))
        {
            return KvmdResponse.Invalid(context, edid, "a valid switch EDID ID");
        }

        string? dummyText = context.Request.Query["dummy"].FirstOrDefault();
        bool? dummy = dummyText == null ? null : KvmdApi.ParseBool(dummyText);
        if (dummyText != null && dummy == null)
        {
            return KvmdResponse.Invalid(context, dummyText, "a valid bool");
        }

        lock (_lock)
        {
            if (edid != null && !_edids.ContainsKey(edid.ToLowerInvariant()))
            {
                return KvmdResponse.Error(context, 400, "SwitchUnknownEdidError", "No specified EDID ID found");
            }

            if (edid != null)
            {
                _edidOfPort[port] = edid.ToLowerInvariant();
            }

            if (context.Request.Query["name"].FirstOrDefault() is string name)
            {
                // valid_switch_port_name: stripped, whitespace runs made one space.
                _names[port] = Regex.Replace(name.Trim(), @"\s+", " ");
            }

            if (dummy is bool d)
            {
                _dummies[port] = d;
            }
        }

        return KvmdResponse.Ok(context);
    }

    internal Task CreateEdid(HttpContext context)
    {
        string name = context.Request.Query["name"].ToString().Trim();
        string data = Regex.Replace(context.Request.Query["data"].ToString(), @"\s", string.Empty);
        if (name.Length == 0 || !EdidData().IsMatch(data))
        {
            return KvmdResponse.Invalid(context, name.Length == 0 ? name : data, name.Length == 0 ? "a non-empty string" : "a valid switch EDID data");
        }

        string id = Guid.NewGuid().ToString();
        lock (_lock)
        {
            _edids[id] = (name, data.ToUpperInvariant());
        }

        return KvmdResponse.Ok(context, new JsonObject { ["id"] = id });
    }

    internal Task AtxPower(HttpContext context)
    {
        string action = context.Request.Query["action"].ToString();
        (string Button, bool IfPowered)? press = action switch
        {
            "on" => ("power", false),
            "off" => ("power", true),
            "off_hard" => ("power_long", true),
            "reset_hard" => ("reset", true),
            _ => null,
        };
        return press is { } p ? Press(context, p.Button, p.IfPowered) : KvmdResponse.Invalid(context, action, "one of ['on', 'off', 'off_hard', 'reset_hard']");
    }

    internal Task AtxClick(HttpContext context)
    {
        string button = context.Request.Query["button"].ToString();
        return button is "power" or "power_long" or "reset" ? Press(context, button, null) : KvmdResponse.Invalid(context, button, "one of ['power', 'power_long', 'reset']");
    }

    /// <summary>chain.py's _CmdAtxClick: only on a port of the chain, not busy, and when if_powered (if given) matches the LED.</summary>
    private Task Press(HttpContext context, string button, bool? ifPowered)
    {
        if (Port(context) is not int port)
        {
            return KvmdResponse.Invalid(context, context.Request.Query["port"].ToString(), "a non-negative float");
        }

        lock (_lock)
        {
            if (port >= Ports || _busy.Contains(port) || (ifPowered is bool powered && powered != Power[port]))
            {
                return KvmdResponse.Ok(context);
            }

            _busy.Add(port);
        }

        Presses.Enqueue($"{port}:{button}");
        _ = Task.Run(async () =>
        {
            await Task.Delay(button == "power_long" ? options.AtxPress * 5 : options.AtxPress);
            lock (_lock)
            {
                Power[port] = button switch { "power" => !Power[port], "power_long" => false, _ => Power[port] };
                _busy.Remove(port);
            }
        });
        return KvmdResponse.Ok(context);
    }

    /// <summary>chain.py translate_port: a whole number is the index; unit.channel counts from 1, clamped to 5 units of 4.</summary>
    private static int? Port(HttpContext context)
    {
        string text = context.Request.Query["port"].ToString();
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || value < 0)
        {
            return null;
        }

        if (Math.Floor(value) == value)
        {
            return (int)value;
        }

        string[] parts = value.ToString(CultureInfo.InvariantCulture).Split('.');
        int unit = Math.Clamp(int.Parse(parts[0], CultureInfo.InvariantCulture), 1, 5);
        int channel = Math.Clamp(int.Parse(parts[1], CultureInfo.InvariantCulture), 1, 4);
        return Math.Min((unit - 1) * 4 + channel - 1, 19);
    }

    [GeneratedRegex("(?i)^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$|^default$")]
    private static partial Regex EdidId();

    [GeneratedRegex("(?i)^([0-9a-f]{256}|[0-9a-f]{512})$")]
    private static partial Regex EdidData();
}
