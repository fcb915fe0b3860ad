using System.Diagnostics;
using KvmPve.Security;
using KvmPve.Simulator.Hosting;
using KvmPve.Simulator.Pve;

namespace KvmPve.Benchmarks;

/// <summary>
/// Issue 17: what the permission preflight adds to a change. The same configuration PUT (synchronous, no task), a
/// thousand times, by a user whose privileges are checked, with the preflight and without it (its hook taken off);
/// and how many times the privileges were read.
/// </summary>
internal static class PvePreflight
{
    public static async Task RunAsync(int calls, int rounds)
    {
        await using SimulatorHost sim = await SimulatorHost.StartAsync(pveOptions: new PveSimulatorOptions());
        using PveSession session = await PveSession.ConnectAsync(new PveConnectOptions
        {
            Server = sim.BaseUri.Host,
            Port = sim.BaseUri.Port,
            UserName = "operator@pve",
            Password = SecretText.FromString("operator"),
            CertificateThumbprint = sim.Thumbprint,
        }, CancellationToken.None);
        var web01 = new PveVm { VmId = 100, Node = "pve1", Type = PveGuestType.Qemu, Session = session };
        var change = new Dictionary<string, object> { ["description"] = "benchmark" };
        var hook = session.Client.BeforeChange;

        var first = Stopwatch.StartNew();
        await session.SetConfigAsync(web01, change, null, null, CancellationToken.None);
        double firstMs = first.Elapsed.TotalMilliseconds;

        var with = new List<double>();
        var without = new List<double>();
        for (int round = 0; round < rounds; round++)
        {
            session.Client.BeforeChange = round % 2 == 0 ? hook : null;
            var watch = Stopwatch.StartNew();
            for (int i = 0; i < calls; i++)
            {
                await session.SetConfigAsync(web01, change, null, null, CancellationToken.None);
            }

            (round % 2 == 0 ? with : without).Add(watch.Elapsed.TotalMilliseconds * 1000 / calls);
        }

        session.Client.BeforeChange = hook;
        int reads = sim.Requests.Count(r => r.Path == "/api2/json/access/permissions");
        double withUs = Statistics.Median(with), withoutUs = Statistics.Median(without);
        Console.WriteLine($"Permission preflight, {calls} configuration PUTs per round, {rounds} rounds (operator@pve, checked):");
        Console.WriteLine($"  first change of the session   {firstMs:F1} ms (reads the privileges once)");
        Console.WriteLine($"  per change, with preflight    {withUs:F0} µs (median)");
        Console.WriteLine($"  per change, without           {withoutUs:F0} µs (median)");
        Console.WriteLine($"  added per change              {withUs - withoutUs:F0} µs, {(withUs - withoutUs) / withoutUs:P1}");
        Console.WriteLine($"  privilege reads in all        {reads} (one per {PveSession.PermissionLifetime.TotalSeconds:F0} s of changes)");
    }
}
