using KvmPve.Security;
using KvmPve.Simulator.Hosting;

namespace KvmPve.Benchmarks;

internal static class Sessions
{
    public static Task<PiKvmSession> PiKvmAsync(SimulatorHost sim, PiKvmAuthMode mode) => PiKvmSession.ConnectAsync(new PiKvmConnectOptions
    {
        Server = sim.Server,
        UserName = "admin",
        Password = SecretText.FromString("admin"),
        AuthMode = mode,
        CertificateThumbprint = sim.Thumbprint,
    }, CancellationToken.None);

    public const string PveToken = "root@pam!automation";

    public static Task<PveSession> PveAsync(SimulatorHost sim) => PveSession.ConnectAsync(new PveConnectOptions
    {
        Server = sim.Server,
        UserName = PveToken,
        Password = SecretText.FromString(sim.Pve.Options.Tokens[PveToken]),
        AuthMethod = PveAuthMethod.ApiToken,
        CertificateThumbprint = sim.Thumbprint,
    }, CancellationToken.None);
}
