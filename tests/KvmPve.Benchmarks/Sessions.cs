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
}
