using System.Diagnostics;
using KvmPve.Security;
using KvmPve.Simulator.Hosting;
using KvmPve.Simulator.Pve;

namespace KvmPve.Benchmarks;

/// <summary>
/// Issue 16: Wait-PveGuestIp for 20 guests whose addresses come 1 to 5 s after their start (side by side: about the
/// slowest, not the sum), and the restore drill of 5 guests side by side against one by one.
/// </summary>
internal static class PveProvisioning
{
    public static async Task RunAsync()
    {
        var options = new PveSimulatorOptions { ExtraGuests = 40, TaskDuration = TimeSpan.FromSeconds(1), AgentDelay = TimeSpan.Zero };
        await using SimulatorHost sim = await SimulatorHost.StartAsync(pveOptions: options);
        using PveSession session = await PveSession.ConnectAsync(new PveConnectOptions
        {
            Server = sim.BaseUri.Host, Port = sim.BaseUri.Port, UserName = "root@pam", Password = SecretText.FromString("proxmox"), CertificateThumbprint = sim.Thumbprint,
        }, CancellationToken.None);

        // 20 VMs just started; each gets its address 1 to 5 s later.
        List<SimGuest> vms = sim.Pve.Cluster.Guests.Where(g => g.VmId >= 1000 && g.Type == "qemu").Take(20).ToList();
        DateTimeOffset now = DateTimeOffset.UtcNow;
        double sum = 0;
        for (int i = 0; i < vms.Count; i++)
        {
            vms[i].Status = "running";
            vms[i].StartedAt = now;
            options.GuestIpDelays[vms[i].VmId] = TimeSpan.FromSeconds(1 + i % 5);
            sum += 1 + i % 5;
        }

        IReadOnlyList<PveVm> guests = await session.GetVmsAsync(new PveVmQuery { VmId = vms.Select(v => v.VmId).ToArray() }, _ => { }, CancellationToken.None);
        int found = 0;
        var watch = Stopwatch.StartNew();
        await session.WaitGuestIpsAsync(guests, new PveGuestIpFilter(), TimeSpan.FromSeconds(60), _ => found++, (_, e) => throw e, CancellationToken.None);
        double together = watch.Elapsed.TotalSeconds;
        Console.WriteLine($"Wait-PveGuestIp, {guests.Count} guests whose addresses come 1-5 s after their start:");
        Console.WriteLine($"  side by side                  {together:F1} s for {found} addresses (slowest 5 s; the sum of the waits is {sum:F0} s)");

        // 5 guests with an archive each, drilled (restore, links down, remove) side by side and one by one.
        List<PveVm> drilled = guests.Take(5).ToList();
        SimStorage backups = sim.Pve.Cluster.Storages.Single(s => s.Name == "nfs-backup");
        foreach (PveVm vm in drilled)
        {
            backups.Add(new SimVolume($"nfs-backup:backup/vzdump-qemu-{vm.VmId}-2026_12_01-02_00_00.vma.zst", "backup", "vma.zst", 1L << 30, now.ToUnixTimeSeconds() - 3600, vm.VmId));
        }

        watch.Restart();
        PveRestoreDrill[] parallel = await Task.WhenAll(drilled.Select(vm => session.RestoreDrillAsync(vm, new PveDrillOptions(), CancellationToken.None)));
        double sideBySide = watch.Elapsed.TotalSeconds;
        watch.Restart();
        var sequential = new List<PveRestoreDrill>();
        foreach (PveVm vm in drilled)
        {
            sequential.Add(await session.RestoreDrillAsync(vm, new PveDrillOptions(), CancellationToken.None));
        }

        double oneByOne = watch.Elapsed.TotalSeconds;
        if (parallel.Concat(sequential).Any(d => !d.Succeeded || !d.Removed))
        {
            throw new InvalidOperationException("a drill failed: " + parallel.Concat(sequential).First(d => !d.Succeeded || !d.Removed).Error);
        }

        Console.WriteLine($"Test-PveBackupRestore, 5 guests (restore task 1 s, links down, destroy task 1 s):");
        Console.WriteLine($"  side by side                  {sideBySide:F1} s");
        Console.WriteLine($"  one by one                    {oneByOne:F1} s ({oneByOne / sideBySide:F1}x)");
    }
}
