using System.Text;
using KvmPve.Simulator.Hosting;

namespace KvmPve.Simulator.PiKvm;

/// <summary>The fake kvmd behind nginx's <c>/api</c>: the routes, each behind kvmd's auth unless it is the login.</summary>
public sealed class KvmdApi : IAsyncDisposable
{
    private readonly PiKvmSimulatorOptions _options;
    private readonly KvmdAuth _auth;
    private readonly KvmdInfo _info;

    internal KvmdApi(PiKvmSimulatorOptions options, Router router)
    {
        _options = options;
        _auth = new KvmdAuth(options);
        _info = new KvmdInfo(options, options.Clock.UtcNow);
        Journal = new KvmdJournal(options);

        router.Map("POST", "/api/auth/login", _auth.Login);
        Events = new KvmdEvents();
        Map(router, "POST", "/api/auth/logout", _auth.Logout);
        Map(router, "GET", "/api/auth/check", context => KvmdResponse.Ok(context));
        Map(router, "GET", "/api/info", Info);
        Map(router, "GET", "/api/log", Log);
        Atx = new KvmdAtx(options);
        Map(router, "GET", "/api/atx", Atx.State);
        Map(router, "POST", "/api/atx/power", Atx.Power);
        Map(router, "POST", "/api/atx/click", Atx.Click);
        Gpio = new KvmdGpio();
        Map(router, "GET", "/api/gpio", Gpio.State);
        Map(router, "POST", "/api/gpio/switch", Gpio.Switch);
        Map(router, "POST", "/api/gpio/pulse", Gpio.Pulse);
        Hid = new KvmdHid();
        Map(router, "GET", "/api/hid", Hid.State);
        Map(router, "POST", "/api/hid/reset", Hid.Reset);
        Map(router, "GET", "/api/hid/keymaps", Hid.KeymapList);
        Map(router, "POST", "/api/hid/print", Hid.Print);
        Map(router, "POST", "/api/hid/events/send_key", Hid.SendKey);
        foreach (string kind in new[] { "move", "button", "relative", "wheel" })
        {
            Map(router, "POST", "/api/hid/events/send_mouse_" + kind, context => Hid.SendMouse(context, kind));
        }
        Msd = new KvmdMsd(options);
        Firmware = new KvmdFirmware(options, Atx, Msd);
        Hid.OnKey = Firmware.OnKey;
        Screen = new KvmdScreen(options, Hid, Atx, Msd, Firmware);
        Streamer = new KvmdStreamer(options, Screen);
        Map(router, "GET", "/api/streamer/snapshot", Streamer.Snapshot);
        Map(router, "GET", "/api/msd", Msd.State);
        Map(router, "POST", "/api/msd/write", Msd.Write);
        Map(router, "POST", "/api/msd/write_remote", Msd.WriteRemote);
        Map(router, "POST", "/api/msd/set_params", Msd.SetParams);
        Map(router, "POST", "/api/msd/set_connected", Msd.SetConnected);
        Map(router, "POST", "/api/msd/remove", Msd.Remove);
        Map(router, "GET", "/api/msd/read", Msd.Read);
        Map(router, "POST", "/api/msd/reset", Msd.Reset);
        Map(router, "POST", "/api/hid/set_params", Hid.SetParams);
        Map(router, "POST", "/api/hid/set_connected", context => KvmdResponse.Error(context, 400, "OperationError", "This HID does not support disconnection"));
        Map(router, "GET", "/api/hid/inactivity", context => KvmdResponse.Ok(context, new System.Text.Json.Nodes.JsonObject { ["inactivity"] = Hid.InactivitySeconds }));
        Map(router, "POST", "/api/streamer/set_params", Streamer.SetParams);
        Map(router, "POST", "/api/streamer/reset", context => KvmdResponse.Ok(context));
        Map(router, "GET", "/api/export/prometheus/metrics", Metrics);
        Map(router, "GET", "/api/streamer", context => KvmdResponse.Ok(context, Streamer.StateJson(Events.Streaming)));
        Switch = new KvmdSwitch(options);
        Map(router, "GET", "/api/switch", Switch.State);
        Map(router, "POST", "/api/switch/set_active", Switch.SetActive);
        Map(router, "POST", "/api/switch/set_port_params", Switch.SetPortParams);
        Map(router, "POST", "/api/switch/edids/create", Switch.CreateEdid);
        Map(router, "POST", "/api/switch/atx/power", Switch.AtxPower);
        Map(router, "POST", "/api/switch/atx/click", Switch.AtxClick);
        Map(router, "GET", "/api/ws", context => Events.Handle(context, FullStates));
        Atx.Publish = Gpio.Publish = Msd.Publish = Events.Publish;
        Events.OnClientEvent = Hid.OnSocketEvent;
    }

    public KvmdSwitch Switch { get; }

    /// <summary>The WebSocket: kvmd's event stream and HID input.</summary>
    public KvmdEvents Events { get; }

    private IEnumerable<(string, System.Text.Json.Nodes.JsonNode)> FullStates()
    {
        yield return ("gpio", Gpio.StateJson());
        yield return ("hid", Hid.StateJson());
        yield return ("atx", Atx.StateJson());
        yield return ("msd", Msd.StateJson());
        yield return ("ocr", new System.Text.Json.Nodes.JsonObject { ["enabled"] = true, ["langs"] = new System.Text.Json.Nodes.JsonObject { ["default"] = new System.Text.Json.Nodes.JsonArray("eng"), ["available"] = new System.Text.Json.Nodes.JsonArray("eng") } });
        // kvmd sends its info one field per event.
        yield return ("info", new System.Text.Json.Nodes.JsonObject { ["auth"] = new System.Text.Json.Nodes.JsonObject { ["enabled"] = true } });
        yield return ("info", new System.Text.Json.Nodes.JsonObject { ["system"] = new System.Text.Json.Nodes.JsonObject { ["kvmd"] = new System.Text.Json.Nodes.JsonObject { ["version"] = "4.132" } } });
        yield return ("streamer", Streamer.StateJson(Events.Streaming));
        yield return ("clients", new System.Text.Json.Nodes.JsonObject { ["count"] = Events.Streaming });
    }

    public KvmdMsd Msd { get; }

    public KvmdScreen Screen { get; }

    public KvmdFirmware Firmware { get; }

    public KvmdStreamer Streamer { get; }

    public KvmdHid Hid { get; }

    public KvmdAtx Atx { get; }

    public KvmdGpio Gpio { get; }

    public PiKvmSimulatorOptions Options => _options;

    public KvmdJournal Journal { get; }

    /// <summary>Cookie sessions alive on the fake PiKVM.</summary>
    public int ActiveSessions => _auth.ActiveTokens;

    public IReadOnlyCollection<string> SessionTokens => _auth.TokenValues;

    /// <summary>Ends every cookie session, as a logout from a browser would.</summary>
    public void EndAllSessions() => _auth.ForgetAllTokens();

    public ValueTask DisposeAsync() => Journal.DisposeAsync();

    /// <summary>kvmd's /export/prometheus/metrics: gauges for ATX and each GPIO channel (kvmd/apps/kvmd/api/export.py).</summary>
    private async Task Metrics(HttpContext context)
    {
        var text = new System.Text.StringBuilder();
        void Gauge(string name, bool value) => text.Append($"# TYPE {name} gauge\n{name} {(value ? 1 : 0)}\n\n");
        System.Text.Json.Nodes.JsonObject atx = Atx.StateJson();
        Gauge("pikvm_atx_enabled", atx["enabled"]?.GetValue<bool>() == true);
        Gauge("pikvm_atx_power", atx["leds"]?["power"]?.GetValue<bool>() == true);
        foreach ((string channel, bool state) in Gpio.Outputs)
        {
            Gauge($"pikvm_gpio_output_online_{channel}", true);
            Gauge($"pikvm_gpio_output_state_{channel}", state);
        }

        context.Response.ContentType = "text/plain";
        await context.Response.WriteAsync(text.ToString());
    }

    private void Map(Router router, string method, string path, RequestDelegate handler) =>
        router.Map(method, path, async context =>
        {
            if (await _auth.CheckAsync(context))
            {
                await handler(context);
            }
        });

    private Task Info(HttpContext context)
    {
        bool legacy = !context.Request.Query.TryGetValue("legacy", out var legacyText) || ParseBool(legacyText.ToString()) != false;
        string[] available = _info.Available(legacy);
        string[] fields = _info.Default(legacy);
        if (context.Request.Query.TryGetValue("fields", out var requested))
        {
            var chosen = requested.ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            foreach (string field in chosen)
            {
                if (!available.Contains(field.ToLowerInvariant()))
                {
                    return KvmdResponse.Invalid(context, field, "info field");
                }
            }

            fields = chosen.Length == 0 ? available : chosen.Select(f => f.ToLowerInvariant()).Distinct().ToArray();
        }

        return KvmdResponse.Ok(context, _info.Build(fields, legacy));
    }

    private async Task Log(HttpContext context)
    {
        if (!_options.LogReaderEnabled)
        {
            await KvmdResponse.Error(context, 400, "LogReaderDisabledError", "LogReader is disabled");
            return;
        }

        string seekText = context.Request.Query["seek"].ToString();
        int seek = 0;
        if (seekText.Length > 0 && (!int.TryParse(seekText, out seek) || seek < 0))
        {
            await KvmdResponse.Invalid(context, seekText, "log seek");
            return;
        }

        bool? follow = ParseBool(context.Request.Query["follow"].ToString());
        if (follow == null)
        {
            await KvmdResponse.Invalid(context, context.Request.Query["follow"].ToString(), "bool");
            return;
        }

        CancellationToken aborted = context.RequestAborted;
        context.Response.ContentType = "text/plain";
        ChannelReaderHolder? live = follow.Value ? new ChannelReaderHolder(Journal) : null;
        try
        {
            await context.Response.StartAsync(aborted);
            foreach (JournalRecord record in Journal.Since(seek == 0 ? DateTime.MinValue : DateTime.Now.AddSeconds(-seek)))
            {
                live?.Skip(record.Sequence);
                await WriteRecord(context, record, aborted);
            }

            if (live != null)
            {
                await foreach (JournalRecord record in live.Reader.ReadAllAsync(aborted))
                {
                    if (!live.AlreadySent(record.Sequence))
                    {
                        await WriteRecord(context, record, aborted);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The client went away: the end of every follow.
        }
        finally
        {
            live?.Dispose();
        }
    }

    private async Task WriteRecord(HttpContext context, JournalRecord record, CancellationToken cancellationToken)
    {
        string line = $"[{record.Time:yyyy-MM-dd HH:mm:ss} {record.Service}] --- {record.Message}\r\n";
        Journal.MarkWritten(record);
        await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(line), cancellationToken);
        await context.Response.Body.FlushAsync(cancellationToken);
    }

    /// <summary>kvmd's bool parameters: 1/true/yes and 0/false/no (empty = false).</summary>
    internal static bool? ParseBool(string text) => text.Trim().ToLowerInvariant() switch
    {
        "" or "0" or "false" or "no" => false,
        "1" or "true" or "yes" => true,
        _ => null,
    };

    /// <summary>A follower subscribed before the history is sent, so nothing falls between history and live records.</summary>
    private sealed class ChannelReaderHolder : IDisposable
    {
        private readonly Action _unsubscribe;
        private long _lastSent;

        public ChannelReaderHolder(KvmdJournal journal) => Reader = journal.Follow(out _unsubscribe);

        public System.Threading.Channels.ChannelReader<JournalRecord> Reader { get; }

        public void Skip(long sequence) => _lastSent = sequence;

        public bool AlreadySent(long sequence) => sequence <= _lastSent;

        public void Dispose() => _unsubscribe();
    }
}
