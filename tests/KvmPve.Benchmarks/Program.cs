using KvmPve.Benchmarks;
using KvmPve.Simulator.Hosting;

// dotnet run -c Release --project tests/KvmPve.Benchmarks [-- calls rounds lines [only]]   (only: one benchmark by name, e.g. PvePreflight)
int calls = args.Length > 0 ? int.Parse(args[0]) : 1000;
int rounds = args.Length > 1 ? int.Parse(args[1]) : 7;
int lines = args.Length > 2 ? int.Parse(args[2]) : 200;
string? only = args.Length > 3 ? args[3] : null;
if (only == nameof(PvePreflight))
{
    await PvePreflight.RunAsync(calls, rounds);
    return;
}

if (only == nameof(PveConsole))
{
    await PveConsole.RunAsync(rounds);
    return;
}

if (only == nameof(PveProvisioning))
{
    await PveProvisioning.RunAsync();
    return;
}

await using SimulatorHost sim = await SimulatorHost.StartAsync();
Console.WriteLine($"KvmPve benchmarks on {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}, simulator in-process on {sim.Server}");
await RequestOverhead.RunAsync(sim, calls, rounds);
await FollowLatency.RunAsync(sim, lines);
await PiKvmEventsAndKeys.RunAsync(sim, 200, 1000);
await PveGuestsAndTasks.RunAsync(2000, rounds);
await PvePreflight.RunAsync(calls, rounds);
await PveProvisioning.RunAsync();
await PveConsole.RunAsync(rounds);
await MsdUpload.RunAsync(sim, 512L << 20, 2L << 30);
await PveUpload.RunAsync(sim, 512L << 20, 3L << 30);
