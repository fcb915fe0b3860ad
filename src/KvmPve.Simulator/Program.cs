using System.Net;
using KvmPve.Security;
using KvmPve.Simulator.Hosting;
using KvmPve.Simulator.PiKvm;
using KvmPve.Simulator.Pve;

// A person's entry point: `dotnet run --project src/KvmPve.Simulator [-- --port 8443 --totp]`.
int port = 8443;
bool totp = false;
double? taskSeconds = null;
int extraGuests = 0;
var failingTasks = new List<int>();
var pinnedGuests = new List<int>();
bool installer = false;
bool firmware = false;
var slowTasks = new List<int>();
int fleetSize = 0;
int switchUnits = 0;
var vncServers = new Dictionary<int, SimVncServer>();
var serialServers = new Dictionary<int, string>();
double fleetDelayMs = 0;
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--port" when i + 1 < args.Length && int.TryParse(args[i + 1], out int p):
            port = p;
            i++;
            break;
        case "--totp":
            totp = true;
            break;
        case "--fleet" when i + 1 < args.Length && int.TryParse(args[i + 1], out int n) && n >= 0:
            fleetSize = n;
            i++;
            break;
        case "--fleet-delay-ms" when i + 1 < args.Length && double.TryParse(args[i + 1], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double ms) && ms >= 0:
            fleetDelayMs = ms;
            i++;
            break;
        case "--switch-units" when i + 1 < args.Length && int.TryParse(args[i + 1], out int u) && u >= 0 && u <= 5:
            switchUnits = u;
            i++;
            break;
        case "--firmware":
            firmware = true;
            break;
        case "--qemu-vnc" when i + 1 < args.Length && System.Text.RegularExpressions.Regex.Match(args[i + 1], @"^(\d+)=([^:,]+):(\d+),(.+)$") is { Success: true } qemu:
            vncServers[int.Parse(qemu.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)] = new SimVncServer(qemu.Groups[2].Value, int.Parse(qemu.Groups[3].Value, System.Globalization.CultureInfo.InvariantCulture), qemu.Groups[4].Value);
            i++;
            break;
        case "--qemu-serial" when i + 1 < args.Length && System.Text.RegularExpressions.Regex.Match(args[i + 1], @"^(\d+)=(.+)$") is { Success: true } serialArg:
            serialServers[int.Parse(serialArg.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)] = serialArg.Groups[2].Value;
            i++;
            break;
        case "--installer":
            installer = true;
            break;
        case "--task-seconds" when i + 1 < args.Length && double.TryParse(args[i + 1], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double s) && s >= 0:
            taskSeconds = s;
            i++;
            break;
        case "--extra-guests" when i + 1 < args.Length && int.TryParse(args[i + 1], out int g) && g >= 0:
            extraGuests = g;
            i++;
            break;
        case "--fail-task" when i + 1 < args.Length && int.TryParse(args[i + 1], out int vmid):
            failingTasks.Add(vmid);
            i++;
            break;
        case "--pinned-guest" when i + 1 < args.Length && int.TryParse(args[i + 1], out int pinned):
            pinnedGuests.Add(pinned);
            i++;
            break;
        case "--slow-task" when i + 1 < args.Length && int.TryParse(args[i + 1], out int slow):
            slowTasks.Add(slow);
            i++;
            break;
        default:
            Console.Error.WriteLine("Usage: KvmPve.Simulator [--port N (0 = any free port; default 8443)] [--totp] [--task-seconds S (how long PVE tasks run)] [--extra-guests N (guests 1000 and up, tagged bulk)] [--fail-task VMID (its tasks end with an error; repeatable)] [--pinned-guest VMID (uses a local device: no migration; repeatable)] [--slow-task VMID (its tasks run 10 times as long; repeatable)] [--installer (the PiKVM's screen is a scripted OS installer)] [--firmware (the PiKVM's screen is a machine's firmware with an F12 boot menu)] [--switch-units N (a PiKVM Switch of N units, 0 to 5)] [--qemu-vnc VMID=HOST:PORT,QMP-SOCKET (the VM's console is this QEMU's VNC; repeatable)] [--qemu-serial VMID=SOCKET (the VM's serial0 is this QEMU's serial socket)] [--fleet N (N more PiKVMs, each on a port and certificate of its own)] [--fleet-delay-ms MS (the fleet's PiKVM i answers after MS*(i+1)/N ms)]");
            return 2;
    }
}

var options = new PiKvmSimulatorOptions { Installer = installer, Firmware = firmware, SwitchUnits = switchUnits };
var pveOptions = new PveSimulatorOptions { ExtraGuests = extraGuests };
pveOptions.PinnedGuests.UnionWith(pinnedGuests);
foreach ((int vmid, SimVncServer server) in vncServers)
{
    pveOptions.VncServers[vmid] = server;
}

foreach ((int vmid, string socket) in serialServers)
{
    pveOptions.SerialServers[vmid] = socket;
}

pveOptions.SlowTasks.UnionWith(slowTasks);
foreach (int vmid in failingTasks)
{
    pveOptions.TaskOutcomes[vmid] = "simulated failure";
}

if (taskSeconds is double seconds)
{
    pveOptions.TaskDuration = TimeSpan.FromSeconds(seconds);
}

if (totp)
{
    // One test secret for both sides: the PiKVM's admin and the PVE user alice@pve.
    options.TotpSecret = Base32.Encode(System.Security.Cryptography.RandomNumberGenerator.GetBytes(20));
    pveOptions.Users["alice@pve"] = "alice";
    pveOptions.TotpSecrets["alice@pve"] = options.TotpSecret;
}

SimulatorHost host;
try
{
    host = await SimulatorHost.StartAsync(options, port, IPAddress.Loopback, pveOptions);
}
catch (IOException ex)
{
    Console.Error.WriteLine($"Cannot listen on 127.0.0.1:{port}: {ex.Message.TrimEnd('.')}. Pass --port N, or --port 0 for any free port.");
    return 1;
}

await using var running = host;
// More PiKVMs for fleet tests and benchmarks: independent kvmd's, the slowest answering after --fleet-delay-ms.
var fleet = new List<SimulatorHost>();
for (int i = 0; i < fleetSize; i++)
{
    SimulatorHost member = await SimulatorHost.StartAsync(new PiKvmSimulatorOptions(), 0, IPAddress.Loopback);
    member.ResponseDelay = TimeSpan.FromMilliseconds(fleetDelayMs * (i + 1) / fleetSize);
    fleet.Add(member);
}

Console.WriteLine("KvmPve simulator (loopback only, test credentials)");
Console.WriteLine($"  PiKVM (kvmd)   {host.BaseUri}api/");
Console.WriteLine($"  -Server        {host.Server}");
Console.WriteLine("  User/password  admin / admin");
if (options.TotpSecret != null)
{
    Console.WriteLine($"  TOTP secret    {options.TotpSecret}   (a test secret made for this run; PiKVM admin and PVE alice@pve / alice)");
}

Console.WriteLine($"  Proxmox VE     {host.BaseUri}api2/json/   (-Server {host.BaseUri.Host} -Port {host.BaseUri.Port})");
Console.WriteLine("  PVE user       root@pam / proxmox;  API token root@pam!automation = " + host.Pve.Options.Tokens["root@pam!automation"]);
Console.WriteLine("  PVE schema     every request is checked against the official PVE 9.1 API schema");
Console.WriteLine($"  SHA-256        {host.Thumbprint}");
foreach (SimulatorHost member in fleet)
{
    Console.WriteLine($"  Fleet PiKVM    {member.Server} {member.Thumbprint}");
}

Console.WriteLine($"  Try: Connect-PiKvm -Server {host.Server} -Credential admin -CertificateThumbprint {host.Thumbprint}");
Console.WriteLine($"       Connect-Pve {host.BaseUri.Host} -Port {host.BaseUri.Port} -Credential root@pam -CertificateThumbprint {host.Thumbprint}");
Console.WriteLine("Press Ctrl+C to stop.");
Console.Out.Flush();

var stop = new TaskCompletionSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.TrySetResult();
};
AppDomain.CurrentDomain.ProcessExit += (_, _) => stop.TrySetResult();
await stop.Task;
foreach (SimulatorHost member in fleet)
{
    await member.DisposeAsync();
}

return 0;
