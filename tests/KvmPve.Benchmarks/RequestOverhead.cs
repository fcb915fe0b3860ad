using System.Diagnostics;
using KvmPve.Simulator.Hosting;
using KvmPve.Transport;

namespace KvmPve.Benchmarks;

/// <summary>
/// The PiKVM client's cost per request against a bare HttpClient doing the same GET on the same endpoint and
/// connection settings, sequentially, and how many TCP connections each used.
/// </summary>
internal static class RequestOverhead
{
    public static async Task RunAsync(SimulatorHost sim, int calls, int rounds)
    {
        using PiKvmSession session = await Sessions.PiKvmAsync(sim, PiKvmAuthMode.Header);

        var tls = new TlsPolicy(false, sim.Thumbprint);
        using var raw = new HttpClient(new HttpClientHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            ServerCertificateCustomValidationCallback = (_, c, _, e) => tls.Validate(c, e),
        }) { BaseAddress = sim.BaseUri };

        async Task Client() => await session.Client.GetResultAsync(HttpMethod.Get, "/api/auth/check", null, CancellationToken.None);
        async Task Raw()
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/auth/check");
            request.Headers.Add("X-KVMD-User", "admin");
            request.Headers.Add("X-KVMD-Passwd", "admin");
            using HttpResponseMessage response = await raw.SendAsync(request);
            response.EnsureSuccessStatusCode();
            await response.Content.ReadAsByteArrayAsync();
        }

        for (int i = 0; i < 300; i++)
        {
            await Client();
            await Raw();
        }

        // Call by call, alternating, so load from elsewhere on a shared machine hits both sides alike.
        var clientTimes = new List<double>(calls * rounds);
        var rawTimes = new List<double>(calls * rounds);
        long connectionsBefore = sim.Connections;
        for (int i = 0; i < calls * rounds; i++)
        {
            rawTimes.Add(await Time(Raw));
            clientTimes.Add(await Time(Client));
        }

        double client = Statistics.Median(clientTimes);
        double bare = Statistics.Median(rawTimes);
        Console.WriteLine($"Per-request overhead, {calls * rounds} sequential GET /api/auth/check each, alternating (median per call; p90 in brackets):");
        Console.WriteLine($"  raw HttpClient      {bare,8:F1} µs/request   [{Statistics.Percentile(rawTimes, 90):F1}]");
        Console.WriteLine($"  PiKVM client        {client,8:F1} µs/request   [{Statistics.Percentile(clientTimes, 90):F1}]");
        Console.WriteLine($"  ratio                   {client / bare:F2}x   (target <= 1.20x) {(client / bare <= 1.2 ? "met" : "MISSED")}");
        Console.WriteLine($"  new TCP connections during the timed calls: {sim.Connections - connectionsBefore} (target 0: one connection per client, opened in warm-up)");
    }

    private static async Task<double> Time(Func<Task> call)
    {
        long start = Stopwatch.GetTimestamp();
        await call();
        return Stopwatch.GetElapsedTime(start).TotalMicroseconds;
    }
}
