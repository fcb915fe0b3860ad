using System.Diagnostics;
using KvmPve.Security;
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
        using PiKvmSession session = await PiKvmSession.ConnectAsync(new PiKvmConnectOptions
        {
            Server = sim.Server,
            UserName = "admin",
            Password = SecretText.FromString("admin"),
            AuthMode = PiKvmAuthMode.Header,
            CertificateThumbprint = sim.Thumbprint,
        }, CancellationToken.None);

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

        var clientTimes = new List<double>();
        var rawTimes = new List<double>();
        long connectionsBefore = sim.Connections;
        for (int round = 0; round < rounds; round++)
        {
            rawTimes.Add(await Time(Raw, calls));
            clientTimes.Add(await Time(Client, calls));
        }

        double client = Statistics.Median(clientTimes);
        double bare = Statistics.Median(rawTimes);
        Console.WriteLine($"Per-request overhead, {calls} sequential GET /api/auth/check x {rounds} rounds (median round):");
        Console.WriteLine($"  raw HttpClient      {bare,8:F1} µs/request");
        Console.WriteLine($"  PiKVM client        {client,8:F1} µs/request");
        Console.WriteLine($"  ratio               {client / bare,8:F2}x   (target <= 1.20x) {(client / bare <= 1.2 ? "met" : "MISSED")}");
        Console.WriteLine($"  new TCP connections during the timed rounds: {sim.Connections - connectionsBefore} (target 0: one connection per client, opened in warm-up)");
    }

    private static async Task<double> Time(Func<Task> call, int calls)
    {
        var watch = Stopwatch.StartNew();
        for (int i = 0; i < calls; i++)
        {
            await call();
        }

        return watch.Elapsed.TotalMicroseconds / calls;
    }
}
