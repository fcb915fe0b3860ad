using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace KvmPve.Simulator.PiKvm;

/// <summary>
/// kvmd's keyboard: /hid/print types into a virtual screen tests can read back (cutting text at <c>limit</c>, 1,024 by
/// default, silently, as kvmd does), /hid/events/send_key records presses and releases.
/// </summary>
public sealed class KvmdHid
{
    private static readonly string[] Keymaps = ["ar", "bepo", "cz", "da", "de", "de-ch", "en-gb", "en-us", "en-us-altgr-intl", "en-us-colemak", "es", "fr", "it", "ja", "ru", "sv"];
    private readonly StringBuilder _screen = new();

    /// <summary>Everything typed so far, in order.</summary>
    public string Screen
    {
        get
        {
            lock (_screen)
            {
                return _screen.ToString();
            }
        }
    }

    /// <summary>Key events as "+KeyA" (press) and "-KeyA" (release), in order.</summary>
    public ConcurrentQueue<string> KeyEvents { get; } = new();

    public int Resets { get; private set; }

    internal Task State(HttpContext context) => KvmdResponse.Ok(context, StateJson());

    private string _mouseOutput = "usb";
    private bool _jiggler;
    private DateTimeOffset _lastInput = DateTimeOffset.UtcNow;

    /// <summary>Seconds since the last key or mouse event (GET /hid/inactivity).</summary>
    internal double InactivitySeconds => Math.Round((DateTimeOffset.UtcNow - _lastInput).TotalSeconds, 1);

    /// <summary>
    /// POST /hid/set_params as kvmd's otg plugin takes it: the mouse output among those offered (usb_rel makes the mouse
    /// relative), the jiggler on or off; the keyboard has one fixed output here, as on kvmd's otg.
    /// </summary>
    internal Task SetParams(HttpContext context)
    {
        string mouse = context.Request.Query["mouse_output"].ToString();
        if (mouse is "usb" or "usb_rel")
        {
            _mouseOutput = mouse;
        }

        if (KvmdApi.ParseBool(context.Request.Query["jiggler"].ToString()) is bool jiggler)
        {
            _jiggler = jiggler;
        }

        return KvmdResponse.Ok(context);
    }

    internal JsonObject StateJson() => new JsonObject
    {
        ["busy"] = false,
        ["connected"] = null,
        ["enabled"] = true,
        ["jiggler"] = new JsonObject { ["active"] = _jiggler, ["enabled"] = true, ["interval"] = 60 },
        ["keyboard"] = new JsonObject
        {
            ["leds"] = new JsonObject { ["caps"] = false, ["num"] = true, ["scroll"] = false },
            ["online"] = true,
            ["outputs"] = new JsonObject { ["active"] = string.Empty, ["available"] = new JsonArray() },
        },
        ["mouse"] = new JsonObject { ["absolute"] = _mouseOutput == "usb", ["online"] = true, ["outputs"] = new JsonObject { ["active"] = _mouseOutput, ["available"] = new JsonArray("usb", "usb_rel") } },
        ["online"] = true,
    };

    internal Task KeymapList(HttpContext context) => KvmdResponse.Ok(context, new JsonObject
    {
        ["keymaps"] = new JsonObject { ["available"] = new JsonArray(Keymaps.Select(k => (JsonNode)k).ToArray()), ["default"] = "en-us" },
    });

    internal Task Reset(HttpContext context)
    {
        Resets++;
        return KvmdResponse.Ok(context);
    }

    internal async Task Print(HttpContext context)
    {
        string limitText = context.Request.Query["limit"].ToString();
        int limit = 1024;
        if (limitText.Length > 0 && (!int.TryParse(limitText, NumberStyles.Integer, CultureInfo.InvariantCulture, out limit) || limit < 0))
        {
            await KvmdResponse.Invalid(context, limitText, "text length limit");
            return;
        }

        string keymap = context.Request.Query["keymap"].ToString();
        if (keymap.Length > 0 && !Keymaps.Contains(keymap))
        {
            await KvmdResponse.Invalid(context, keymap, "keymap name");
            return;
        }

        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        string text = await reader.ReadToEndAsync();
        if (limit > 0 && text.Length > limit)
        {
            text = text[..limit];
        }

        lock (_screen)
        {
            _screen.Append(text);
        }

        await KvmdResponse.Ok(context);
    }

    /// <summary>Told of every key event as it arrives (the simulated firmware reacts to keys).</summary>
    internal Action<string>? OnKey { get; set; }

    private void Key(string keyEvent)
    {
        KeyEvents.Enqueue(keyEvent);
        OnKey?.Invoke(keyEvent);
    }

    /// <summary>Mouse events as "move x y", "+left", "-left", "wheel dx dy", in order (HTTP and WebSocket alike).</summary>
    public ConcurrentQueue<string> MouseEvents { get; } = new();

    /// <summary>kvmd's WebSocket HID events: key, mouse_button, mouse_move, mouse_wheel (bad ones are ignored, as kvmd does).</summary>
    internal void OnSocketEvent(string type, System.Text.Json.JsonElement e)
    {
        try
        {
            switch (type)
            {
                case "key" when PiKvmKeys.Codes.Contains(e.GetProperty("key").GetString()!):
                    Key((e.GetProperty("state").GetBoolean() ? "+" : "-") + e.GetProperty("key").GetString());
                    break;
                case "mouse_button":
                    MouseEvents.Enqueue((e.GetProperty("state").GetBoolean() ? "+" : "-") + e.GetProperty("button").GetString());
                    break;
                case "mouse_move":
                    MouseEvents.Enqueue(string.Create(CultureInfo.InvariantCulture, $"move {e.GetProperty("to").GetProperty("x").GetInt32()} {e.GetProperty("to").GetProperty("y").GetInt32()}"));
                    break;
                case "mouse_relative":
                    MouseEvents.Enqueue(string.Create(CultureInfo.InvariantCulture, $"relative {e.GetProperty("delta").GetProperty("x").GetInt32()} {e.GetProperty("delta").GetProperty("y").GetInt32()}"));
                    break;
                case "mouse_wheel":
                    MouseEvents.Enqueue(string.Create(CultureInfo.InvariantCulture, $"wheel {e.GetProperty("delta").GetProperty("x").GetInt32()} {e.GetProperty("delta").GetProperty("y").GetInt32()}"));
                    break;
            }
        }
        catch (Exception ex) when (ex is KeyNotFoundException or InvalidOperationException or FormatException)
        {
            // kvmd drops a malformed event without an answer.
        }
    }

    /// <summary>kvmd's HTTP mouse events (send_mouse_move, _button, _relative, _wheel), recorded as the WebSocket ones are.</summary>
    internal Task SendMouse(HttpContext context, string kind)
    {
        IQueryCollection q = context.Request.Query;
        string? Number(string name) => int.TryParse(q[name].ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) ? n.ToString(CultureInfo.InvariantCulture) : null;
        switch (kind)
        {
            case "move" when Number("to_x") is string x && Number("to_y") is string y:
                MouseEvents.Enqueue($"move {x} {y}");
                break;
            case "button" when q["button"].ToString() is "left" or "right" or "middle" or "up" or "down":
                string button = q["button"].ToString();
                string state = q["state"].ToString();
                if (state.Length == 0 || state == "1")
                {
                    MouseEvents.Enqueue("+" + button);
                }

                if (state.Length == 0 || state == "0")
                {
                    MouseEvents.Enqueue("-" + button);
                }

                break;
            case "relative" or "wheel" when Number("delta_x") is string dx && Number("delta_y") is string dy:
                MouseEvents.Enqueue($"{kind} {dx} {dy}");
                break;
            default:
                return KvmdResponse.Invalid(context, context.Request.QueryString.ToString(), "mouse event");
        }

        return KvmdResponse.Ok(context);
    }

    internal Task SendKey(HttpContext context)
    {
        string key = context.Request.Query["key"].ToString();
        if (!PiKvmKeys.Codes.Contains(key))
        {
            return KvmdResponse.Invalid(context, key, "keyboard key");
        }

        string stateText = context.Request.Query["state"].ToString();
        bool? state = stateText.Length == 0 ? null : KvmdApi.ParseBool(stateText);
        if (stateText.Length > 0 && state == null)
        {
            return KvmdResponse.Invalid(context, stateText, "bool");
        }

        if (state != false)
        {
            Key("+" + key);
        }

        if (state != true)
        {
            Key("-" + key);
        }

        return KvmdResponse.Ok(context);
    }
}
