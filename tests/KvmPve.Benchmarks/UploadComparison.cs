using System.Diagnostics;
using KvmPve.Testing;

namespace KvmPve.Benchmarks;

/// <summary>An upload's throughput against curl on the same endpoint (median of 3, alternating), then memory while a large file goes up.</summary>
internal static class UploadComparison
{
    public static async Task RunAsync(string title, string curlLabel, string clientLabel, long compareBytes, long largeBytes,
        Func<string, string, Task> upload, Func<string, string, string[]> curlArguments)
    {
        string folder = Directory.CreateTempSubdirectory("kvmpve-bench-").FullName;
        try
        {
            string compare = SparseFile.Create("compare.iso", compareBytes, folder);
            string large = SparseFile.Create("large.iso", largeBytes, folder);
            var ours = new List<double>();
            var curl = new List<double>();
            for (int round = 0; round < 3; round++)
            {
                var watch = Stopwatch.StartNew();
                await upload(compare, $"ours{round}.iso");
                ours.Add(compareBytes / watch.Elapsed.TotalSeconds / (1 << 20));
                curl.Add(Curl(curlArguments(compare, $"curl{round}.iso"), compareBytes));
            }

            double mine = Statistics.Median(ours), theirs = Statistics.Median(curl);
            Console.WriteLine($"{title} of {compareBytes >> 20} MiB on loopback TLS (median of 3):");
            Console.WriteLine($"  {curlLabel,-26} {theirs,8:F0} MiB/s");
            Console.WriteLine($"  {clientLabel,-26} {mine,8:F0} MiB/s");
            Console.WriteLine($"  ratio                      {mine / theirs,8:F2}x   (target >= 0.9x) {(mine / theirs >= 0.9 ? "met" : "MISSED")}");

            var largeWatch = Stopwatch.StartNew();
            await using var memory = new WorkingSetPeak();
            await upload(large, "large.iso");
            double seconds = largeWatch.Elapsed.TotalSeconds;
            await memory.StopAsync();
            Console.WriteLine($"  {largeBytes >> 30} GiB upload: {largeBytes / seconds / (1 << 20):F0} MiB/s; working set {memory.Baseline >> 20} MiB before, peak {memory.Peak >> 20} MiB (+{memory.Growth >> 20} MiB; the simulator shares the process)");
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    private static double Curl(string[] arguments, long bytes)
    {
        var watch = Stopwatch.StartNew();
        using Process curl = Process.Start(new ProcessStartInfo("curl", arguments))!;
        curl.WaitForExit();
        if (curl.ExitCode != 0)
        {
            throw new InvalidOperationException($"curl failed ({curl.ExitCode})");
        }

        return bytes / watch.Elapsed.TotalSeconds / (1 << 20);
    }
}
