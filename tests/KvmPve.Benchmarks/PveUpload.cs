using System.Diagnostics;
using KvmPve.Simulator.Hosting;

namespace KvmPve.Benchmarks;

/// <summary>PVE storage upload throughput against curl -F on the same simulator endpoint, and memory while 3 GiB go up.</summary>
internal static class PveUpload
{
    public static async Task RunAsync(SimulatorHost sim, long compareBytes, long largeBytes)
    {
        string folder = Directory.CreateTempSubdirectory("kvmpve-bench-").FullName;
        try
        {
            string compare = Sparse(Path.Combine(folder, "compare.iso"), compareBytes);
            string large = Sparse(Path.Combine(folder, "large.iso"), largeBytes);
            using PveSession session = await Sessions.PveAsync(sim);
            var ours = new List<double>();
            var curl = new List<double>();
            for (int round = 0; round < 3; round++)
            {
                var watch = Stopwatch.StartNew();
                await session.UploadAsync(compare, Request($"ours{round}.iso"), TimeSpan.FromSeconds(60), null, CancellationToken.None);
                ours.Add(compareBytes / watch.Elapsed.TotalSeconds / (1 << 20));
                curl.Add(Curl(sim, compare, $"curl{round}.iso", compareBytes));
            }

            double mine = Statistics.Median(ours), theirs = Statistics.Median(curl);
            Console.WriteLine($"PVE storage upload of {compareBytes >> 20} MiB on loopback TLS (median of 3; the simulator hashes what it receives):");
            Console.WriteLine($"  curl -F                    {theirs,8:F0} MiB/s");
            Console.WriteLine($"  PVE client                 {mine,8:F0} MiB/s");
            Console.WriteLine($"  ratio                      {mine / theirs,8:F2}x   (target >= 0.9x) {(mine / theirs >= 0.9 ? "met" : "MISSED")}");

            var largeWatch = Stopwatch.StartNew();
            await using var memory = new KvmPve.Testing.WorkingSetPeak();
            await session.UploadAsync(large, Request("large.iso"), TimeSpan.FromSeconds(60), null, CancellationToken.None);
            double seconds = largeWatch.Elapsed.TotalSeconds;
            await memory.StopAsync();
            Console.WriteLine($"  {largeBytes >> 30} GiB upload: {largeBytes / seconds / (1 << 20):F0} MiB/s; working set {memory.Baseline >> 20} MiB before, peak {memory.Peak >> 20} MiB (+{memory.Growth >> 20} MiB; the simulator shares the process)");
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    private static PveUploadRequest Request(string name) => new() { Storage = "local", Node = "pve1", FileName = name };

    private static string Sparse(string path, long size)
    {
        using var stream = new FileStream(path, FileMode.Create);
        stream.SetLength(size);
        return path;
    }

    private static double Curl(SimulatorHost sim, string file, string name, long bytes)
    {
        string token = $"PVEAPIToken={Sessions.PveToken}={sim.Pve.Options.Tokens[Sessions.PveToken]}";
        var start = new ProcessStartInfo("curl", ["-sS", "-k", "-o", "/dev/null", "-H", "Authorization: " + token, "-F", "content=iso", "-F", $"filename=@{file};filename={name}",
            $"{sim.BaseUri}api2/json/nodes/pve1/storage/local/upload"]);
        var watch = Stopwatch.StartNew();
        using Process curl = Process.Start(start)!;
        curl.WaitForExit();
        if (curl.ExitCode != 0)
        {
            throw new InvalidOperationException($"curl failed ({curl.ExitCode})");
        }

        return bytes / watch.Elapsed.TotalSeconds / (1 << 20);
    }
}
