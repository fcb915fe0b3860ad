using System.Text.Json;
using KvmPve.Json;
using KvmPve.Simulator.PiKvm;

namespace KvmPve.Core.Tests;

public class InfoTests : SimulatorTest
{
    [Fact]
    public async Task The_values_people_look_for_are_on_top()
    {
        using PiKvmSession session = await Connect();
        PiKvmInfo info = await session.GetInfoAsync(null, CancellationToken.None);
        Assert.Equal("pikvm-sim", info.HostName);
        Assert.Equal("4.132", info.KvmdVersion);
        Assert.Equal("ustreamer", info.StreamerApp);
        Assert.Equal("6.12", info.StreamerVersion);
        Assert.Equal("v4plus", info.Platform);
        Assert.Equal("Raspberry Pi 4 Model B Rev 1.5", info.Hardware);
        Assert.Equal(47.236, info.CpuTemperature);
        Assert.True(info.Uptime > TimeSpan.FromHours(18));
        Assert.Same(session, info.Session);
    }

    [Fact]
    public async Task The_whole_answer_is_kept_as_nested_objects()
    {
        using PiKvmSession session = await Connect();
        PiKvmInfo info = await session.GetInfoAsync(null, CancellationToken.None);
        var data = Assert.IsType<Dictionary<string, object?>>(info.Data);
        var system = Assert.IsType<Dictionary<string, object?>>(data["system"]);
        var kernel = Assert.IsType<Dictionary<string, object?>>(system["kernel"]);
        Assert.Equal("aarch64", kernel["machine"]);
        Assert.Equal(0L, ((Dictionary<string, object?>)((Dictionary<string, object?>)((Dictionary<string, object?>)data["hw"]!)["health"]!)["throttling"]!)["raw_flags"]);
    }

    [Fact]
    public async Task Fields_ask_only_for_those_sections()
    {
        using PiKvmSession session = await Connect();
        PiKvmInfo info = await session.GetInfoAsync(["System", "uptime", "system"], CancellationToken.None);
        Assert.Contains(Sim.Requests, r => r.Path == "/api/info" && r.Query == "?fields=system%2Cuptime");
        Assert.Equal("4.132", info.KvmdVersion);
        Assert.Null(info.HostName);
        Assert.Null(info.CpuTemperature);
        Assert.Equal(["system", "uptime"], ((Dictionary<string, object?>)info.Data!).Keys.Order());
    }

    [Fact]
    public async Task Health_on_top_is_read_as_well_as_under_hw()
    {
        using PiKvmSession session = await Connect();
        PiKvmInfo info = await session.GetInfoAsync(["health"], CancellationToken.None);
        Assert.Equal(47.236, info.CpuTemperature);
        Assert.Equal(7, info.CpuPercent);
    }

    [Fact]
    public void Both_fixture_layouts_give_the_same_top_values()
    {
        foreach (string name in new[] { "info.json", "info_legacy_0.json" })
        {
            using JsonDocument fixture = JsonDocument.Parse(File.ReadAllText(Paths.Fixture("pikvm", name)));
            PiKvmInfo info = PiKvmInfo.FromResult(fixture.RootElement.GetProperty("result"), JsonTree.Dictionaries);
            Assert.Equal("vm", info.HostName);
            Assert.Equal("4.132", info.KvmdVersion);
            Assert.Equal("4.9", info.StreamerVersion);
            Assert.Equal("test_model", info.Platform);
            Assert.Equal(36.511, info.CpuTemperature);
            Assert.Equal(TimeSpan.FromSeconds(65425), info.Uptime);
        }
    }

    [Theory]
    [InlineData("info.json", "")]
    [InlineData("info_legacy_0.json", "?legacy=0&fields=auth,extras,fan,health,meta,node,system,uptime")]
    public async Task The_simulator_answers_in_the_shape_of_the_real_kvmd(string fixture, string query)
    {
        using PiKvmSession session = await Connect();
        var real = JsonDocument.Parse(File.ReadAllText(Paths.Fixture("pikvm", fixture))).RootElement;
        object? ours = await session.InvokeAsync("GET", "info", query.Length == 0 ? null : QueryOf(query), null, CancellationToken.None);
        Assert.Equal(Shape(JsonTree.ToObject(real.GetProperty("result"), JsonTree.Dictionaries)), Shape(ours));
    }

    private static System.Collections.Hashtable QueryOf(string query)
    {
        var table = new System.Collections.Hashtable();
        foreach (string pair in query.TrimStart('?').Split('&'))
        {
            string[] kv = pair.Split('=');
            table[kv[0]] = kv[1];
        }

        return table;
    }

    // The key paths of a tree, with the kind of each leaf; values are left out.
    private static List<string> Shape(object? tree, string at = "")
    {
        var paths = new List<string>();
        if (tree is Dictionary<string, object?> node)
        {
            foreach (var pair in node.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                // features and extras differ between builds; their presence is what matters.
                paths.AddRange(pair.Key is "features" ? [at + "/features"] : Shape(pair.Value, at + "/" + pair.Key));
            }

            if (node.Count == 0)
            {
                paths.Add(at + "{}");
            }
        }
        else
        {
            paths.Add(at + ":" + (tree switch { null => "null", string => "string", bool => "bool", long or double => "number", _ => "list" }));
        }

        return paths;
    }
}

public class OldKvmdTests : SimulatorTest
{
    protected override PiKvmSimulatorOptions SimulatorOptions() => new() { OldKvmd = true };

    [Fact]
    public async Task Sections_an_older_kvmd_lacks_are_null_not_errors()
    {
        using PiKvmSession session = await Connect();
        PiKvmInfo info = await session.GetInfoAsync(null, CancellationToken.None);
        Assert.Equal("3.291", info.KvmdVersion);
        Assert.Null(info.Uptime);
        Assert.Equal("pikvm-sim.local", info.HostName);
        Assert.Equal(47.236, info.CpuTemperature);
    }
}
