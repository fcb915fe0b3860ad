using System.Text.Json.Nodes;

namespace KvmPve.Simulator.PiKvm;

/// <summary>The sections of <c>GET /api/info</c>, shaped like kvmd v4.132's (see tests/Fixtures/pikvm/info*.json).</summary>
internal sealed class KvmdInfo(PiKvmSimulatorOptions options, DateTimeOffset bootedAt)
{
    private static readonly string[] Sections = ["auth", "extras", "fan", "health", "meta", "node", "system", "uptime"];
    private static readonly string[] OldSections = ["auth", "extras", "fan", "meta", "system"];

    /// <summary>Sections this kvmd knows; the legacy mode adds hw.</summary>
    public string[] Available(bool legacy) => [.. (options.OldKvmd ? OldSections : Sections), .. legacy || options.OldKvmd ? new[] { "hw" } : []];

    /// <summary>The default choice: legacy mode leaves out the top-level health, which hw carries.</summary>
    public string[] Default(bool legacy) => Available(legacy).Where(f => !(legacy && f == "health")).ToArray();

    public JsonObject Build(IEnumerable<string> fields, bool legacy)
    {
        var result = new JsonObject();
        foreach (string field in fields.Order(StringComparer.Ordinal))
        {
            result[field] = field switch
            {
                "auth" => new JsonObject { ["enabled"] = options.AuthEnabled },
                "extras" => new JsonObject(),
                "fan" => new JsonObject { ["monitored"] = false, ["state"] = null },
                "health" => Health(),
                "hw" => new JsonObject { ["health"] = Health(), ["platform"] = Platform() },
                "meta" => new JsonObject { ["kvm"] = new JsonObject(), ["server"] = new JsonObject { ["host"] = "pikvm-sim.local" } },
                "node" => new JsonObject { ["host"] = "pikvm-sim" },
                "system" => System(legacy),
                "uptime" => Uptime(),
                _ => null,
            };
        }

        return result;
    }

    private static JsonObject Health() => new()
    {
        ["cpu"] = new JsonObject { ["percent"] = 7 },
        ["mem"] = new JsonObject { ["available"] = 3221225472L, ["percent"] = 18.5, ["total"] = 3951869952L },
        ["temp"] = new JsonObject { ["cpu"] = 47.236 },
        ["throttling"] = new JsonObject
        {
            ["ignore_past"] = false,
            ["parsed_flags"] = new JsonObject
            {
                ["freq_capped"] = new JsonObject { ["now"] = false, ["past"] = false },
                ["throttled"] = new JsonObject { ["now"] = false, ["past"] = false },
                ["undervoltage"] = new JsonObject { ["now"] = false, ["past"] = false },
            },
            ["raw_flags"] = 0,
        },
    };

    private static JsonObject Platform() => new()
    {
        ["base"] = "Raspberry Pi 4 Model B Rev 1.5",
        ["board"] = "rpi4",
        ["model"] = "v4plus",
        ["serial"] = "10000000c0ffee00",
        ["type"] = "rpi",
        ["video"] = "hdmi",
    };

    private JsonObject System(bool legacy)
    {
        var system = new JsonObject
        {
            ["kernel"] = new JsonObject { ["machine"] = "aarch64", ["release"] = "6.6.45-1-rpi", ["system"] = "Linux", ["version"] = "#1 SMP PREEMPT" },
            ["kvmd"] = new JsonObject { ["version"] = options.OldKvmd ? "3.291" : "4.132" },
            ["streamer"] = new JsonObject
            {
                ["app"] = "ustreamer",
                ["features"] = new JsonObject { ["HAS_PDEATHSIG"] = true, ["WITH_GPIO"] = true, ["WITH_OMX"] = false, ["WITH_PTHREAD_NP"] = true, ["WITH_SETPROCTITLE"] = true },
                ["version"] = options.OldKvmd ? "5.38" : "6.12",
            },
        };
        if (!legacy && !options.OldKvmd)
        {
            system["platform"] = Platform();
        }

        return system;
    }

    private JsonObject Uptime()
    {
        long total = (long)(options.Clock.UtcNow - bootedAt).TotalSeconds + 65425;
        TimeSpan span = TimeSpan.FromSeconds(total);
        return new JsonObject
        {
            ["parts"] = new JsonObject { ["days"] = span.Days, ["hours"] = span.Hours, ["minutes"] = span.Minutes, ["seconds"] = span.Seconds },
            ["total"] = total,
        };
    }
}
