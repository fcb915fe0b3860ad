using KvmPve.Errors;
using KvmPve.Security;
using KvmPve.Simulator.PiKvm;

namespace KvmPve.Core.Tests;

public class TwoFactorTests : SimulatorTest
{
    private const string Secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
    private static readonly DateTimeOffset WindowStart = DateTimeOffset.FromUnixTimeSeconds(1_900_000_020);
    private readonly FakeClock _clientClock = new(WindowStart.AddSeconds(10));

    protected override PiKvmSimulatorOptions SimulatorOptions() => new() { TotpSecret = Secret };

    private PiKvmConnectOptions TotpOptions(PiKvmAuthMode mode, string secret = Secret)
    {
        PiKvmConnectOptions options = Options(mode);
        options.TotpSecret = SecretText.FromString(secret);
        options.Clock = _clientClock;
        return options;
    }

    [Theory]
    [InlineData(PiKvmAuthMode.Session)]
    [InlineData(PiKvmAuthMode.Header)]
    [InlineData(PiKvmAuthMode.Basic)]
    public async Task Every_mode_appends_the_current_code(PiKvmAuthMode mode)
    {
        Sim.PiKvm.Options.Clock = _clientClock;
        using PiKvmSession session = await PiKvmSession.ConnectAsync(TotpOptions(mode), CancellationToken.None);
        Assert.True(session.TwoFactor);
        Assert.NotNull(await session.GetInfoAsync(["auth"], CancellationToken.None));
    }

    [Fact]
    public async Task Without_the_secret_the_login_is_refused_with_a_hint()
    {
        var ex = await Assert.ThrowsAsync<KvmPveException>(() => PiKvmSession.ConnectAsync(Options(PiKvmAuthMode.Session), CancellationToken.None));
        Assert.Equal(ErrorKind.AuthenticationError, ex.Kind);
        Assert.Contains("-TotpSecret", ex.Message);
    }

    [Fact]
    public async Task A_wrong_secret_is_refused()
    {
        Sim.PiKvm.Options.Clock = _clientClock;
        var ex = await Assert.ThrowsAsync<KvmPveException>(() => PiKvmSession.ConnectAsync(TotpOptions(PiKvmAuthMode.Header, "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"), CancellationToken.None));
        Assert.Equal("PiKvmAuthenticationFailed", ex.ErrorId);
    }

    [Fact]
    public async Task Near_the_window_edge_the_client_waits_for_the_next_code()
    {
        // The server accepts only the current window: a code sent 0.3 s before its end would fail in flight.
        Sim.PiKvm.Options.TotpTolerance = 0;
        Sim.PiKvm.Options.Clock = new OffsetClock(_clientClock, TimeSpan.FromSeconds(0.5));
        _clientClock.Set(WindowStart.AddSeconds(29.7));
        using PiKvmSession session = await PiKvmSession.ConnectAsync(TotpOptions(PiKvmAuthMode.Session), CancellationToken.None);
        Assert.Single(_clientClock.Delays);
        Assert.Equal(1, Sim.Requests.Count(r => r.Path == "/api/auth/login"));
    }

    [Fact]
    public async Task A_403_at_a_window_boundary_is_retried_once_with_the_next_code()
    {
        // The server's clock is 2.5 s ahead, as if the request had been in flight that long: the first code has expired.
        Sim.PiKvm.Options.TotpTolerance = 0;
        Sim.PiKvm.Options.Clock = new OffsetClock(_clientClock, TimeSpan.FromSeconds(2.5));
        _clientClock.Set(WindowStart.AddSeconds(28));
        using PiKvmSession session = await PiKvmSession.ConnectAsync(TotpOptions(PiKvmAuthMode.Header), CancellationToken.None);
        Assert.Equal(2, Sim.Requests.Count(r => r.Path == "/api/auth/check"));
    }

    [Fact]
    public async Task A_403_mid_window_is_not_retried()
    {
        Sim.PiKvm.Options.TotpTolerance = 0;
        Sim.PiKvm.Options.Clock = new OffsetClock(_clientClock, TimeSpan.FromSeconds(60));
        _clientClock.Set(WindowStart.AddSeconds(5));
        await Assert.ThrowsAsync<KvmPveException>(() => PiKvmSession.ConnectAsync(TotpOptions(PiKvmAuthMode.Basic), CancellationToken.None));
        Assert.Equal(1, Sim.Requests.Count(r => r.Path == "/api/auth/check"));
    }
}
