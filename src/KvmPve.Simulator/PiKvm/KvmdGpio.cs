using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;

namespace KvmPve.Simulator.PiKvm;

/// <summary>
/// kvmd's GPIO with the fixture's channels: input led1, output relay1 (switch and pulse), output relay2 (pulse only).
/// A pulse keeps its channel busy for its delay (409 meanwhile).
/// </summary>
public sealed class KvmdGpio
{
    private readonly ConcurrentDictionary<string, bool> _state = new(StringComparer.Ordinal) { ["led1"] = false, ["relay1"] = false, ["relay2"] = false };
    private readonly ConcurrentDictionary<string, bool> _busy = new(StringComparer.Ordinal);

    public bool this[string channel] => _state[channel];

    /// <summary>The outputs and their states (kvmd's metrics export them).</summary>
    internal IEnumerable<(string Channel, bool State)> Outputs => new[] { "relay1", "relay2" }.Select(c => (c, _state[c]));

    internal Task State(HttpContext context) => KvmdResponse.Ok(context, StateJson());

    /// <summary>Where changes go out as events: kvmd sends GPIO changes as partial states (only the channels that changed).</summary>
    internal Action<string, JsonNode>? Publish { get; set; }

    internal JsonObject StateJson()
    {
        JsonObject Pulse() => new() { ["delay"] = 0.1, ["max_delay"] = 0.1, ["min_delay"] = 0.1 };
        var scheme = new JsonObject
        {
            ["inputs"] = new JsonObject { ["led1"] = new JsonObject { ["hw"] = new JsonObject { ["driver"] = "__gpio__", ["pin"] = "3" } } },
            ["outputs"] = new JsonObject
            {
                ["relay1"] = new JsonObject { ["hw"] = new JsonObject { ["driver"] = "__gpio__", ["pin"] = "1" }, ["pulse"] = Pulse(), ["switch"] = true },
                ["relay2"] = new JsonObject { ["hw"] = new JsonObject { ["driver"] = "__gpio__", ["pin"] = "2" }, ["pulse"] = Pulse(), ["switch"] = false },
            },
        };
        var state = new JsonObject
        {
            ["inputs"] = new JsonObject { ["led1"] = new JsonObject { ["online"] = true, ["state"] = _state["led1"] } },
            ["outputs"] = new JsonObject
            {
                ["relay1"] = new JsonObject { ["online"] = true, ["state"] = _state["relay1"], ["busy"] = _busy.ContainsKey("relay1") },
                ["relay2"] = new JsonObject { ["online"] = true, ["state"] = _state["relay2"], ["busy"] = _busy.ContainsKey("relay2") },
            },
        };
        return new JsonObject { ["model"] = new JsonObject { ["scheme"] = scheme, ["view"] = new JsonObject() }, ["state"] = state };
    }

    /// <summary>kvmd keeps a channel busy this long after each switch or pulse (busy_delay, kvmd/apps/kvmd/ugpio.py).</summary>
    private static readonly TimeSpan BusyDelay = TimeSpan.FromSeconds(0.2);

    internal Task Switch(HttpContext context)
    {
        string channel = context.Request.Query["channel"].ToString();
        bool? state = KvmdApi.ParseBool(context.Request.Query["state"].ToString());
        if (state == null)
        {
            return KvmdResponse.Invalid(context, context.Request.Query["state"].ToString(), "bool");
        }

        return Operate(context, channel, "switch", async () =>
        {
            _state[channel] = state.Value;
            Changed(channel);
            await Task.Delay(BusyDelay);
        });
    }

    internal Task Pulse(HttpContext context)
    {
        string channel = context.Request.Query["channel"].ToString();
        string delayText = context.Request.Query["delay"].ToString();
        double delay = 0.1;
        if (delayText.Length > 0 && !double.TryParse(delayText, NumberStyles.Float, CultureInfo.InvariantCulture, out delay))
        {
            return KvmdResponse.Invalid(context, delayText, "float");
        }

        return Operate(context, channel, "pulse", async () =>
        {
            _state[channel] = true;
            Changed(channel);
            // kvmd clamps the delay to the channel's min_delay..max_delay, both 0.1 s here.
            await Task.Delay(TimeSpan.FromSeconds(0.1));
            _state[channel] = false;
            Changed(channel);
            await Task.Delay(BusyDelay);
        });
    }

    // As kvmd's poll_state: the changed channel whole, under state.outputs.
    private void Changed(string channel) => Publish?.Invoke("gpio", new JsonObject
    {
        ["state"] = new JsonObject { ["outputs"] = new JsonObject { [channel] = new JsonObject { ["online"] = true, ["state"] = _state[channel], ["busy"] = _busy.ContainsKey(channel) } } },
    });

    private async Task Operate(HttpContext context, string channel, string what, Func<Task> operation)
    {
        if (!_state.ContainsKey(channel) || channel == "led1")
        {
            await KvmdResponse.Error(context, 400, "GpioChannelNotFoundError", "GPIO channel is not found");
            return;
        }

        if (what == "switch" && channel == "relay2")
        {
            await KvmdResponse.Error(context, 400, "GpioSwitchNotSupported", "This GPIO channel does not support switching");
            return;
        }

        if (!_busy.TryAdd(channel, true))
        {
            await KvmdResponse.Error(context, 409, "GpioChannelIsBusyError", "Performing another GPIO operation on this channel");
            return;
        }

        Task running = Task.Run(async () =>
        {
            try
            {
                await operation();
            }
            finally
            {
                _busy.TryRemove(channel, out _);
                Changed(channel);
            }
        });
        if (KvmdApi.ParseBool(context.Request.Query["wait"].ToString()) == true)
        {
            await running;
        }

        await KvmdResponse.Ok(context);
    }
}
