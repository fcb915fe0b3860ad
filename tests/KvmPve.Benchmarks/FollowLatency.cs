using System.Collections.Concurrent;
using System.Diagnostics;
using KvmPve.Simulator.Hosting;

namespace KvmPve.Benchmarks;

/// <summary>From the simulator starting to write a journal line to Get-PiKvmLog's Core yielding the entry.</summary>
internal static class FollowLatency
{
    public static async Task RunAsync(SimulatorHost sim, int lines)
    {
        using PiKvmSession session = await Sessions.PiKvmAsync(sim, PiKvmAuthMode.Session);

        var yielded = new ConcurrentDictionary<string, long>();
        using var stop = new CancellationTokenSource();
        Task follow = session.ReadLogAsync(TimeSpan.FromSeconds(1), true, entry => yielded[entry.Message] = Stopwatch.GetTimestamp(), stop.Token);
        await Task.Delay(500);

        var sequences = new Dictionary<string, long>();
        for (int i = 0; i < lines; i++)
        {
            string message = $"benchmark line {i}";
            sequences[message] = sim.PiKvm.Journal.Write("bench.service", message).Sequence;
            await Task.Delay(20);
        }

        await Task.Delay(500);
        await stop.CancelAsync();
        try
        {
            await follow;
        }
        catch (OperationCanceledException)
        {
        }

        var latencies = sequences
            .Where(s => yielded.ContainsKey(s.Key) && sim.PiKvm.Journal.WrittenAt.ContainsKey(s.Value))
            .Select(s => Stopwatch.GetElapsedTime(sim.PiKvm.Journal.WrittenAt[s.Value], yielded[s.Key]).TotalMilliseconds)
            .ToList();
        Console.WriteLine($"Log follow latency, {lines} lines written 20 ms apart ({latencies.Count} received):");
        Console.WriteLine($"  p50 {Statistics.Median(latencies):F2} ms   p95 {Statistics.Percentile(latencies, 95):F2} ms   max {latencies.Max():F2} ms   (target < 100 ms) {(latencies.Max() < 100 ? "met" : "MISSED")}");
    }
}
