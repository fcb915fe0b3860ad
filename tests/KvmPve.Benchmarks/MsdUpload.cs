using System.Diagnostics;
using KvmPve.Simulator.Hosting;

namespace KvmPve.Benchmarks;

/// <summary>Upload throughput against curl on the same simulator endpoint, and memory while 2 GiB go up.</summary>
internal static class MsdUpload
{
    public static async Task RunAsync(SimulatorHost sim, long compareBytes, long largeBytes)
    {
        string folder = Directory.CreateTempSubdirectory("kvmpve-bench-").FullName;
        try
        {
            string compare = Sparse(Path.Combine(folder, "compare.iso"), compareBytes);
            string large = Sparse(Path.Combine(folder, "large.iso"), largeBytes);
            using PiKvmSession session = await Sessions.PiKvmAsync(sim, PiKvmAuthMode.Header);

            var ours = new List<double>();
            var curl = new List<double>();
            for (int round = 0; round < 3; round++)
            {
                var watch = Stopwatch.StartNew();
                await session.UploadAsync(compare, $"ours{round}.iso", false, null, CancellationToken.None);
                ours.Add(compareBytes / watch.Elapsed.TotalSeconds / (1 << 20));
                curl.Add(Curl(sim, compare, $"curl{round}.iso", compareBytes));
            }

            double mine = Statistics.Median(ours), theirs = Statistics.Median(curl);
            Console.WriteLine($"MSD upload of {compareBytes >> 20} MiB on loopback TLS (median of 3):");
            Console.WriteLine($"  curl --data-binary @file   {theirs,8:F0} MiB/s");
            Console.WriteLine($"  PiKVM client               {mine,8:F0} MiB/s");
            Console.WriteLine($"  ratio                      {mine / theirs,8:F2}x   (target >= 0.9x) {(mine / theirs >= 0.9 ? "met" : "MISSED")}");

            var largeWatch = Stopwatch.StartNew();
            await using var memory = new KvmPve.Testing.WorkingSetPeak();
            await session.UploadAsync(large, "large.iso", false, null, CancellationToken.None);
            double seconds = largeWatch.Elapsed.TotalSeconds;
            await memory.StopAsync();
            Console.WriteLine($"  {largeBytes >> 30} GiB upload: {largeBytes / seconds / (1 << 20):F0} MiB/s; working set {memory.Baseline >> 20} MiB before, peak {memory.Peak >> 20} MiB (+{memory.Growth >> 20} MiB; the simulator shares the process)");
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    private static string Sparse(string path, long size)
    {
        using var stream = new FileStream(path, FileMode.Create);
        stream.SetLength(size);
        return path;
    }

    private static double Curl(SimulatorHost sim, string file, string image, long bytes)
    {
        var start = new ProcessStartInfo("curl", ["-sS", "-k", "-o", "/dev/null", "-H", "X-KVMD-User: admin", "-H", "X-KVMD-Passwd: admin",
            "--data-binary", "@" + file, "-H", "Content-Type: application/octet-stream", $"{sim.BaseUri}api/msd/write?image={image}"]);
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
