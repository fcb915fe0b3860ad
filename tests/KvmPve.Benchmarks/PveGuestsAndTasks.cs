using System.Diagnostics;
using System.Text.Json;
using KvmPve.Security;
using KvmPve.Simulator.Hosting;
using KvmPve.Simulator.Pve;
using KvmPve.Time;

namespace KvmPve.Benchmarks;

/// <summary>Get-PveVm's cost on a 2,000-guest cluster, and how often a task wait polls over a 60-second task.</summary>
internal static class PveGuestsAndTasks
{
    public static async Task RunAsync(int guests, int rounds)
    {
        var clock = new SteppingClock(DateTimeOffset.UtcNow);
        var options = new PveSimulatorOptions { ExtraGuests = guests - 6, Clock = clock, TaskDuration = TimeSpan.FromSeconds(60) };
        await using SimulatorHost sim = await SimulatorHost.StartAsync(pveOptions: options);
        using PveSession session = await PveSession.ConnectAsync(new PveConnectOptions
        {
            Server = sim.BaseUri.Host,
            Port = sim.BaseUri.Port,
            UserName = "root@pam",
            Password = SecretText.FromString("proxmox"),
            CertificateThumbprint = sim.Thumbprint,
            Clock = clock,
        }, CancellationToken.None);

        var total = new List<double>();
        var parse = new List<double>();
        int requestsBefore = sim.Requests.Count;
        for (int i = 0; i < rounds; i++)
        {
            var watch = Stopwatch.StartNew();
            IReadOnlyList<PveVm> vms = await session.GetVmsAsync(new PveVmQuery(), _ => { }, CancellationToken.None);
            total.Add(watch.Elapsed.TotalMilliseconds);
            if (vms.Count != guests)
            {
                throw new InvalidOperationException($"expected {guests} guests, got {vms.Count}");
            }
        }

        int requests = sim.Requests.Count - requestsBefore;
        // Parsing alone: the same answer turned into PveVm objects, without the network.
        var data = (object?[])(await session.InvokeAsync("GET", "cluster/resources", new System.Collections.Hashtable { ["type"] = "vm" }, CancellationToken.None))!;
        string json = JsonSerializer.Serialize(new { data });
        for (int i = 0; i < rounds; i++)
        {
            var watch = Stopwatch.StartNew();
            using JsonDocument document = JsonDocument.Parse(json);
            int count = document.RootElement.GetProperty("data").EnumerateArray().Select(v => PveVm.From(v, session)).Count();
            parse.Add(watch.Elapsed.TotalMilliseconds);
            if (count != guests)
            {
                throw new InvalidOperationException("parse lost guests");
            }
        }

        Console.WriteLine($"Get-PveVm over {guests} guests, {rounds} rounds:");
        Console.WriteLine($"  requests per Get-PveVm   {(double)requests / rounds:F0} (target 1)");
        Console.WriteLine($"  whole call (median)      {Statistics.Median(total):F1} ms   (request + parse + filter)");
        Console.WriteLine($"  parse to objects (median){Statistics.Median(parse),6:F1} ms   ({Statistics.Median(parse) * 1000 / guests:F1} µs per guest)");

        // A 60-second task on the simulator's clock: count the polls the waiter makes.
        PveVm vm = (await session.GetVmsAsync(new PveVmQuery { VmId = [101] }, e => throw e, CancellationToken.None)).Single();
        PveTask task = await session.ChangePowerAsync(vm, PvePowerAction.Start, null, CancellationToken.None);
        int polls = 0;
        DateTimeOffset start = clock.UtcNow;
        await session.WaitTaskAsync(task.Upid, TimeSpan.FromMinutes(1), (_, _) => polls++, CancellationToken.None);
        double seconds = (clock.UtcNow - start).TotalSeconds;
        Console.WriteLine($"Task wait over a 60 s task: {polls} polls in {seconds:F1} s = {polls / seconds:F2} polls/s (target <= ~1/s; delays 0.5 s growing to 5 s)");
    }

    /// <summary>Real time, except that waits move it forward at once: a 60-second task takes no minute to measure.</summary>
    private sealed class SteppingClock(DateTimeOffset start) : Clock
    {
        private TimeSpan _skipped;
        private readonly DateTimeOffset _realStart = DateTimeOffset.UtcNow;
        private readonly DateTimeOffset _start = start;

        public override DateTimeOffset UtcNow => _start + (DateTimeOffset.UtcNow - _realStart) + _skipped;

        public override Task Delay(TimeSpan delay, CancellationToken cancellationToken)
        {
            _skipped += delay;
            return Task.CompletedTask;
        }
    }
}
