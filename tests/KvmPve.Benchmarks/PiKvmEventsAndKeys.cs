using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using KvmPve.Simulator.Hosting;

namespace KvmPve.Benchmarks;

/// <summary>kvmd's events from the simulator emitting one to Watch-PiKvmEvent's Core writing it; typing over the WebSocket against HTTP.</summary>
internal static class PiKvmEventsAndKeys
{
    public static async Task RunAsync(SimulatorHost sim, int events, int keys)
    {
        using PiKvmSession session = await Sessions.PiKvmAsync(sim, PiKvmAuthMode.Session);
        var received = new ConcurrentDictionary<long, long>();
        using var stop = new CancellationTokenSource();
        Task watch = session.WatchEventsAsync(["bench"], e =>
        {
            if (e.Change is IReadOnlyDictionary<string, object?> change && change["n"] is long n)
            {
                received[n] = Stopwatch.GetTimestamp();
            }
        }, _ => { }, null, stop.Token);
        await Task.Delay(500);
        var sent = new Dictionary<long, long>();
        for (long i = 0; i < events; i++)
        {
            sent[i] = Stopwatch.GetTimestamp();
            sim.PiKvm.Events.Publish("bench", new JsonObject { ["n"] = i });
            await Task.Delay(10);
        }

        await Task.Delay(500);
        await stop.CancelAsync();
        await watch;
        List<double> latencies = sent.Where(s => received.ContainsKey(s.Key)).Select(s => Stopwatch.GetElapsedTime(s.Value, received[s.Key]).TotalMilliseconds).ToList();
        double p95 = Statistics.Percentile(latencies, 95);
        Console.WriteLine($"PiKVM events, {events} emitted 10 ms apart ({latencies.Count} written):");
        Console.WriteLine($"  p50 {Statistics.Percentile(latencies, 50):F2} ms   p95 {p95:F2} ms   max {latencies.DefaultIfEmpty(0).Max():F2} ms   (target p95 < 100 ms) {(p95 < 100 && latencies.Count == events ? "met" : "MISSED")}");

        string[] typed = Enumerable.Repeat("KeyA", keys).ToArray();
        var overSocket = Stopwatch.StartNew();
        await session.SendKeysAsync(typed, CancellationToken.None);
        overSocket.Stop();
        using PiKvmSession http = await Sessions.PiKvmAsync(sim, PiKvmAuthMode.Session);
        http.Hid.PreferHttp();
        var overHttp = Stopwatch.StartNew();
        await http.SendKeysAsync(typed, CancellationToken.None);
        overHttp.Stop();
        Console.WriteLine($"Typing {keys} keys (press and release: {keys * 2} events):");
        Console.WriteLine($"  WebSocket {overSocket.Elapsed.TotalMilliseconds,8:F0} ms   ({overSocket.Elapsed.TotalMilliseconds * 1000 / keys:F0} µs per key)");
        Console.WriteLine($"  HTTP      {overHttp.Elapsed.TotalMilliseconds,8:F0} ms   ({overHttp.Elapsed.TotalMilliseconds * 1000 / keys:F0} µs per key)   WebSocket {overHttp.Elapsed.TotalMilliseconds / overSocket.Elapsed.TotalMilliseconds:F1}x faster");
    }
}
