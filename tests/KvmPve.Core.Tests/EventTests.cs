using System.Text.Json.Nodes;
using KvmPve.Errors;
using KvmPve.PiKvm;

namespace KvmPve.Core.Tests;

public class EventTests : SimulatorTest
{
    [Fact]
    public void Gpio_updates_replace_each_channel_given_and_keep_the_others_as_kvmds_ui_does()
    {
        JsonNode state = JsonNode.Parse("""{ "model": { "a": 1 }, "state": { "outputs": { "r1": { "state": false, "busy": false }, "r2": { "state": true } } } }""")!;
        JsonNode change = JsonNode.Parse("""{ "state": { "outputs": { "r1": { "state": true } } } }""")!;
        JsonNode merged = KvmdStateMerge.Apply("gpio", state, change)!;
        Assert.Equal("""{"model":{"a":1},"state":{"outputs":{"r1":{"state":true},"r2":{"state":true}}}}""", merged.ToJsonString());
        Assert.Equal("""{"outputs":{"r1":{"state":false,"busy":false},"r2":{"state":true}}}""", state["state"]!.ToJsonString());
    }

    [Fact]
    public void Msd_updates_replace_the_image_list_whole_so_a_removed_image_is_gone()
    {
        JsonNode state = JsonNode.Parse("""{ "online": true, "drive": { "image": null, "connected": false }, "storage": { "images": { "a.iso": { "size": 1 }, "b.iso": { "size": 2 } }, "parts": { "": { "free": 5 } } } }""")!;
        JsonNode merged = KvmdStateMerge.Apply("msd", state, JsonNode.Parse("""{ "storage": { "images": { "b.iso": { "size": 2 } } } }"""))!;
        Assert.Equal("""{"online":true,"drive":{"image":null,"connected":false},"storage":{"images":{"b.iso":{"size":2}},"parts":{"":{"free":5}}}}""", merged.ToJsonString());

        // msd.js ignores a null drive or storage (kvmd going offline); a drive that comes is taken whole.
        merged = KvmdStateMerge.Apply("msd", merged, JsonNode.Parse("""{ "online": false, "drive": null, "storage": null }"""))!;
        Assert.Equal("""{"online":false,"drive":{"image":null,"connected":false},"storage":{"images":{"b.iso":{"size":2}},"parts":{"":{"free":5}}}}""", merged.ToJsonString());
        merged = KvmdStateMerge.Apply("msd", merged, JsonNode.Parse("""{ "drive": { "connected": true } }"""))!;
        Assert.Equal("""{"connected":true}""", merged["drive"]!.ToJsonString());
    }

    [Fact]
    public void Other_parts_replace_top_level_keys_whole_and_a_switch_model_starts_anew()
    {
        JsonNode atx = KvmdStateMerge.Apply("atx", JsonNode.Parse("""{ "enabled": true, "leds": { "power": true, "hdd": true } }"""), JsonNode.Parse("""{ "leds": { "power": false } }"""))!;
        Assert.Equal("""{"enabled":true,"leds":{"power":false}}""", atx.ToJsonString());
        JsonNode hid = KvmdStateMerge.Apply("hid", JsonNode.Parse("""{ "online": true, "keyboard": { "online": true, "leds": { "caps": false } } }"""), JsonNode.Parse("""{ "keyboard": { "leds": { "caps": true } } }"""))!;
        Assert.Equal("""{"online":true,"keyboard":{"online":true,"leds":{"caps":true}}}""", hid.ToJsonString());
        JsonNode sw = KvmdStateMerge.Apply("switch", JsonNode.Parse("""{ "model": { "ports": [1] }, "summary": { "active_port": 0 } }"""), JsonNode.Parse("""{ "model": { "ports": [] } }"""))!;
        Assert.Equal("""{"model":{"ports":[]}}""", sw.ToJsonString());
    }

    [Fact]
    public async Task The_stream_starts_with_full_states_and_merges_what_follows()
    {
        using PiKvmSession session = await Connect();
        var events = new List<PiKvmEvent>();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        Task watch = session.WatchEventsAsync(["gpio"], e =>
        {
            lock (events)
            {
                events.Add(e);
                if (events.Count == 3)
                {
                    stop.Cancel();
                }
            }
        }, _ => { }, null, stop.Token);
        await WaitUntil(() => events.Count >= 1);
        await session.SwitchGpioAsync("relay1", true, true, CancellationToken.None);
        await watch;
        Assert.All(events, e => Assert.Equal("gpio", e.Type));
        Assert.NotNull(Property(events[0].Change, "model"));
        Assert.Null(Property(events[1].Change, "model"));
        Assert.NotNull(Property(events[2].State, "model"));
    }

    [Fact]
    public async Task A_dropped_stream_is_opened_again_and_the_gap_is_reported()
    {
        using PiKvmSession session = await Connect();
        var types = new List<string>();
        var gaps = new List<string>();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        Task watch = session.WatchEventsAsync(null, e =>
        {
            lock (types)
            {
                types.Add(e.Type);
                if (types.Count(t => t == "loop") == 2)
                {
                    stop.Cancel();
                }
            }
        }, gaps.Add, null, stop.Token);
        await WaitUntil(() => types.Contains("streamer"));
        Sim.PiKvm.Events.DropAll();
        await watch;
        Assert.Equal(2, types.Count(t => t == "loop"));
        Assert.Contains("interrupted", Assert.Single(gaps));
    }

    [Fact]
    public async Task A_kvmd_gone_for_good_is_a_connection_error()
    {
        // A simulator of this test's own, to stop for good.
        KvmPve.Simulator.Hosting.SimulatorHost own = await KvmPve.Simulator.Hosting.SimulatorHost.StartAsync();
        PiKvmConnectOptions options = Options();
        options.Server = own.Server;
        options.CertificateThumbprint = own.Thumbprint;
        using PiKvmSession session = await PiKvmSession.ConnectAsync(options, CancellationToken.None);
        var seen = new TaskCompletionSource();
        Task watch = session.WatchEventsAsync(null, _ => seen.TrySetResult(), _ => { }, null, CancellationToken.None, [TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(100)]);
        await seen.Task;
        await own.DisposeAsync();
        var ex = await Assert.ThrowsAsync<KvmPveException>(() => watch);
        Assert.Equal((ErrorKind.ConnectionError, "PiKvmEventStreamLost"), (ex.Kind, ex.ErrorId));
    }

    private static object? Property(object? item, string name) =>
        item is IReadOnlyDictionary<string, object?> map && map.TryGetValue(name, out object? value) ? value : null;

    private static async Task WaitUntil(Func<bool> condition)
    {
        for (int i = 0; i < 100 && !condition(); i++)
        {
            await Task.Delay(50);
        }

        Assert.True(condition());
    }
}
