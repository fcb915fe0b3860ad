using KvmPve.Simulator.Hosting;

namespace KvmPve.Benchmarks;

/// <summary>MSD upload throughput against curl on the same simulator endpoint, and memory while 2 GiB go up.</summary>
internal static class MsdUpload
{
    public static async Task RunAsync(SimulatorHost sim, long compareBytes, long largeBytes)
    {
        using PiKvmSession session = await Sessions.PiKvmAsync(sim, PiKvmAuthMode.Header);
        await UploadComparison.RunAsync("MSD upload", "curl --data-binary @file", "PiKVM client", compareBytes, largeBytes,
            (file, name) => session.UploadAsync(file, name, false, null, CancellationToken.None),
            (file, name) => ["-sS", "-k", "-o", "/dev/null", "-H", "X-KVMD-User: admin", "-H", "X-KVMD-Passwd: admin",
                "--data-binary", "@" + file, "-H", "Content-Type: application/octet-stream", $"{sim.BaseUri}api/msd/write?image={name}"]);
    }
}
