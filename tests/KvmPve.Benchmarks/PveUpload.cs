using KvmPve.Simulator.Hosting;

namespace KvmPve.Benchmarks;

/// <summary>PVE storage upload throughput against curl -F on the same simulator endpoint, and memory while 3 GiB go up.</summary>
internal static class PveUpload
{
    public static async Task RunAsync(SimulatorHost sim, long compareBytes, long largeBytes)
    {
        using PveSession session = await Sessions.PveAsync(sim);
        string token = $"PVEAPIToken={Sessions.PveToken}={sim.Pve.Options.Tokens[Sessions.PveToken]}";
        await UploadComparison.RunAsync("PVE storage upload (the simulator hashes what it receives)", "curl -F", "PVE client", compareBytes, largeBytes,
            (file, name) => session.UploadAsync(file, new PveUploadRequest { Storage = "local", Node = "pve1", FileName = name }, TimeSpan.FromSeconds(60), null, CancellationToken.None),
            (file, name) => ["-sS", "-k", "-o", "/dev/null", "-H", "Authorization: " + token, "-F", "content=iso", "-F", $"filename=@{file};filename={name}",
                $"{sim.BaseUri}api2/json/nodes/pve1/storage/local/upload"]);
    }
}
