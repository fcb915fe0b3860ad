using System.Text.Json.Nodes;

namespace KvmPve.Simulator.PiKvm;

/// <summary>
/// kvmd's ATX: the power and disk LEDs of a simulated machine, presses that keep ATX busy for a moment (409 for
/// another one meanwhile), 400 AtxDisabledError when ATX is off.
/// </summary>
public sealed class KvmdAtx(PiKvmSimulatorOptions options)
{
    private int _busy;

    public bool PowerLed { get; set; } = !options.Installer;

    /// <summary>When the machine last started: powered on, or reset while on.</summary>
    public DateTimeOffset PoweredOnAt { get; private set; } = DateTimeOffset.UtcNow;

    public bool Busy => Volatile.Read(ref _busy) == 1;

    /// <summary>Every press done, in order (power, power_long, reset), for tests.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> Presses { get; } = new();

    internal Task State(HttpContext context) => KvmdResponse.Ok(context, StateJson());

    /// <summary>Where changes go out as events (kvmd's WebSocket).</summary>
    internal Action<string, JsonNode>? Publish { get; set; }

    internal JsonObject StateJson() => new JsonObject
    {
        ["acts"] = new JsonObject { ["power"] = options.AtxEnabled, ["reset"] = options.AtxEnabled },
        ["busy"] = Busy,
        ["enabled"] = options.AtxEnabled,
        ["leds"] = new JsonObject { ["hdd"] = false, ["power"] = PowerLed },
    };

    internal Task Power(HttpContext context)
    {
        string action = context.Request.Query["action"].ToString();
        string? press = action switch
        {
            "on" => PowerLed ? null : "power",
            "off" => PowerLed ? "power" : null,
            "off_hard" => PowerLed ? "power_long" : null,
            "reset_hard" => "reset",
            _ => "invalid",
        };
        return press == "invalid" ? KvmdResponse.Invalid(context, action, "ATX power action") : Press(context, press);
    }

    internal Task Click(HttpContext context)
    {
        string button = context.Request.Query["button"].ToString();
        return button is "power" or "power_long" or "reset" ? Press(context, button) : KvmdResponse.Invalid(context, button, "ATX button");
    }

    private async Task Press(HttpContext context, string? button)
    {
        if (!options.AtxEnabled)
        {
            await KvmdResponse.Error(context, 400, "AtxDisabledError", "ATX is disabled");
            return;
        }

        bool? wait = KvmdApi.ParseBool(context.Request.Query["wait"].ToString());
        if (wait == null)
        {
            await KvmdResponse.Invalid(context, context.Request.Query["wait"].ToString(), "bool");
            return;
        }

        if (button == null)
        {
            // kvmd does nothing for "on" when it is on, or "off" when it is off.
            await KvmdResponse.Ok(context);
            return;
        }

        if (Interlocked.CompareExchange(ref _busy, 1, 0) == 1)
        {
            await KvmdResponse.Error(context, 409, "AtxIsBusyError", "Performing another ATX operation");
            return;
        }

        Presses.Enqueue(button);
        Task pressing = Task.Run(async () =>
        {
            await Task.Delay(button == "power_long" ? options.AtxPress * 5 : options.AtxPress);
            bool wasOn = PowerLed;
            PowerLed = button switch { "power" => !PowerLed, "power_long" => false, _ => PowerLed };
            if (PowerLed && (!wasOn || button == "reset"))
            {
                PoweredOnAt = DateTimeOffset.UtcNow;
            }

            Publish?.Invoke("atx", StateJson());
            Volatile.Write(ref _busy, 0);
        });
        if (wait.Value)
        {
            await pressing;
        }

        await KvmdResponse.Ok(context);
    }
}
