using System.Text.Json.Nodes;
using KvmPve.Errors;

namespace KvmPve.Core.Tests;

public class EventTests : SimulatorTest
{
    [Fact]
    public void Partial_updates_merge_objects_key_by_key_and_replace_the_rest()
    {
        JsonNode state = JsonNode.Parse("""{ "model": { "a": 1 }, "state": { "outputs": { "r1": { "state": false, "busy": false }, "r2": { "state": true } } }, "list": [1, 2] }""")!;
        JsonNode change = JsonNode.Parse("""{ "state": { "outputs": { "r1": { "state": true, "busy": true } } }, "list": [3] }""")!;
        JsonNode merged = PiKvmSession.Merge(state, change)!;
        Assert.Equal("""{"model":{"a":1},"state":{"outputs":{"r1":{"state":true,"busy":true},"r2":{"state":true}}},"list":[3]}""", merged.ToJsonString());
        Assert.Equal("""{"outputs":{"r1":{"state":false,"busy":false},"r2":{"state":true}}}""", state["state"]!.ToJsonString());
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
