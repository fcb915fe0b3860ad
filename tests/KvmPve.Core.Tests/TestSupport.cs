using KvmPve.Security;
using KvmPve.Simulator.Hosting;
using KvmPve.Simulator.PiKvm;
using KvmPve.Simulator.Pve;
using KvmPve.Time;

namespace KvmPve.Core.Tests;

/// <summary>A simulator of its own for one test class, on a free loopback port.</summary>
public abstract class SimulatorTest : IAsyncLifetime
{
    protected SimulatorHost Sim { get; private set; } = null!;

    protected virtual PiKvmSimulatorOptions SimulatorOptions() => new() { LogInterval = TimeSpan.FromMilliseconds(100) };

    /// <summary>The PVE side always checks requests against the official schema (embedded in the simulator).</summary>
    protected virtual PveSimulatorOptions PveSimulator() => new();

    public async Task InitializeAsync() => Sim = await SimulatorHost.StartAsync(SimulatorOptions(), pveOptions: PveSimulator());

    /// <summary>Fails the test that sent a request the official PVE schema refuses, naming the first one.</summary>
    public async Task DisposeAsync()
    {
        string? violation = Sim.Pve.SchemaViolations.FirstOrDefault();
        await Sim.DisposeAsync();
        Assert.True(violation == null, $"A request was not valid per the PVE schema: {violation}");
    }

    protected PiKvmConnectOptions Options(PiKvmAuthMode mode = PiKvmAuthMode.Session, string user = "admin", string password = "admin") => new()
    {
        Server = Sim.Server,
        UserName = user,
        Password = SecretText.FromString(password),
        AuthMode = mode,
        CertificateThumbprint = Sim.Thumbprint,
        Timeout = TimeSpan.FromSeconds(10),
    };

    protected Task<PiKvmSession> Connect(PiKvmAuthMode mode = PiKvmAuthMode.Session) => PiKvmSession.ConnectAsync(Options(mode), CancellationToken.None);
}

/// <summary>A clock tests move by hand; Delay advances it instead of waiting.</summary>
public sealed class FakeClock(DateTimeOffset start) : Clock
{
    private DateTimeOffset _now = start;

    public List<TimeSpan> Delays { get; } = [];

    public override DateTimeOffset UtcNow => _now;

    public override Task Delay(TimeSpan delay, CancellationToken cancellationToken)
    {
        Delays.Add(delay);
        _now += delay;
        return Task.CompletedTask;
    }

    public void Set(DateTimeOffset now) => _now = now;
}

/// <summary>A clock that runs a fixed offset ahead of another, like a server whose time has moved on while a request flew.</summary>
public sealed class OffsetClock(Clock inner, TimeSpan offset) : Clock
{
    public override DateTimeOffset UtcNow => inner.UtcNow + offset;
}

internal static class Paths
{
    /// <summary>The repository root (the folder with KvmPve.sln).</summary>
    public static string Root
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir != null && !File.Exists(Path.Combine(dir.FullName, "KvmPve.sln")))
            {
                dir = dir.Parent;
            }

            return dir?.FullName ?? throw new InvalidOperationException("KvmPve.sln not found above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>Real answers of kvmd and PVE kept in the repository (tests/Fixtures; each folder names its source).</summary>
    public static string Fixture(string api, string name) => Path.Combine(Root, "tests", "Fixtures", api, name);
}

/// <summary>
/// Tests that assert how fast something happens run alone: on two cores, parallel test classes starve the
/// thread pool and turn a 200 ms wait into a second.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimingSensitive
{
    public const string Name = "Timing-sensitive";
}

/// <summary>Helpers for tests of the PVE side.</summary>
public abstract class PveTest : SimulatorTest
{
    protected const string RootPassword = "proxmox";

    protected PveConnectOptions PveOptions(string user = "root@pam", string password = RootPassword, PveAuthMethod method = PveAuthMethod.Ticket, Clock? clock = null) => new()
    {
        Server = Sim.Server,
        UserName = user,
        Password = SecretText.FromString(password),
        AuthMethod = method,
        CertificateThumbprint = Sim.Thumbprint,
        Timeout = TimeSpan.FromSeconds(10),
        Clock = clock ?? Clock.System,
    };

    protected Task<PveSession> ConnectPve(string user = "root@pam", string password = RootPassword) =>
        PveSession.ConnectAsync(PveOptions(user, password), CancellationToken.None);

    protected Task<PveSession> ConnectToken() =>
        PveSession.ConnectAsync(PveOptions("root@pam!automation", Sim.Pve.Options.Tokens["root@pam!automation"], PveAuthMethod.ApiToken), CancellationToken.None);

    protected int TicketRequests => Sim.Requests.Count(r => r.Path == "/api2/json/access/ticket");

    /// <summary>For tests that send an invalid request on purpose.</summary>
    protected void ForgiveSchemaViolations() => Sim.Pve.SchemaViolations.Clear();
}
