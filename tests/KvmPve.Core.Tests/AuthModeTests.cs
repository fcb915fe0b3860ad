using KvmPve.Errors;

namespace KvmPve.Core.Tests;

public class AuthModeTests : SimulatorTest
{
    [Theory]
    [InlineData(PiKvmAuthMode.Session)]
    [InlineData(PiKvmAuthMode.Header)]
    [InlineData(PiKvmAuthMode.Basic)]
    public async Task Every_mode_connects_and_reads_info(PiKvmAuthMode mode)
    {
        using PiKvmSession session = await Connect(mode);
        PiKvmInfo info = await session.GetInfoAsync(null, CancellationToken.None);
        Assert.Equal(mode, session.AuthMode);
        Assert.Equal("admin", session.UserName);
        Assert.Equal("4.132", info.KvmdVersion);
    }

    [Theory]
    [InlineData(PiKvmAuthMode.Session)]
    [InlineData(PiKvmAuthMode.Header)]
    [InlineData(PiKvmAuthMode.Basic)]
    public async Task Wrong_password_is_an_authentication_error_naming_the_server(PiKvmAuthMode mode)
    {
        var ex = await Assert.ThrowsAsync<KvmPveException>(() => PiKvmSession.ConnectAsync(Options(mode, password: "wrong"), CancellationToken.None));
        Assert.Equal(ErrorKind.AuthenticationError, ex.Kind);
        Assert.Equal("PiKvmAuthenticationFailed", ex.ErrorId);
        Assert.Contains(Sim.Server, ex.Message);
    }

    [Fact]
    public async Task Session_mode_logs_in_once_and_sends_only_the_cookie()
    {
        using PiKvmSession session = await Connect(PiKvmAuthMode.Session);
        await session.GetInfoAsync(["auth"], CancellationToken.None);
        await session.GetInfoAsync(["meta"], CancellationToken.None);
        Assert.Equal(1, Sim.Requests.Count(r => r.Path == "/api/auth/login"));
        Assert.Equal(1, Sim.PiKvm.ActiveSessions);
    }

    [Fact]
    public async Task Header_and_basic_modes_check_credentials_at_connect_without_logging_in()
    {
        using PiKvmSession session = await Connect(PiKvmAuthMode.Header);
        Assert.Contains(Sim.Requests, r => r.Path == "/api/auth/check");
        Assert.DoesNotContain(Sim.Requests, r => r.Path == "/api/auth/login");
    }

    [Fact]
    public async Task A_cookie_ended_elsewhere_is_replaced_by_one_new_login()
    {
        using PiKvmSession session = await Connect(PiKvmAuthMode.Session);
        Sim.PiKvm.EndAllSessions();
        PiKvmInfo info = await session.GetInfoAsync(["system"], CancellationToken.None);
        Assert.Equal("4.132", info.KvmdVersion);
        Assert.Equal(2, Sim.Requests.Count(r => r.Path == "/api/auth/login"));
    }

    [Fact]
    public async Task Disconnect_logs_out_and_closes_the_session()
    {
        PiKvmSession session = await Connect(PiKvmAuthMode.Session);
        await session.CloseAsync(CancellationToken.None);
        Assert.Equal(0, Sim.PiKvm.ActiveSessions);
        Assert.False(session.IsOpen);
        var ex = await Assert.ThrowsAsync<KvmPveException>(() => session.GetInfoAsync(null, CancellationToken.None));
        Assert.Equal("PiKvmSessionClosed", ex.ErrorId);
    }

    [Fact]
    public async Task Basic_mode_refuses_a_password_with_a_colon_before_sending()
    {
        int before = Sim.Requests.Count;
        var ex = await Assert.ThrowsAsync<KvmPveException>(() => PiKvmSession.ConnectAsync(Options(PiKvmAuthMode.Basic, password: "pa:ss"), CancellationToken.None));
        Assert.Equal(ErrorKind.InvalidArgument, ex.Kind);
        Assert.Equal(before, Sim.Requests.Count);
        Assert.DoesNotContain("pa:ss", ex.Message);
    }

    [Fact]
    public async Task Closing_a_cookie_session_that_another_logout_already_ended_is_no_error()
    {
        using PiKvmSession first = await Connect();
        using PiKvmSession second = await Connect();
        await first.CloseAsync(CancellationToken.None);
        // kvmd's logout ended every session of the user, so the second logout is refused: the session is gone all the same.
        await second.CloseAsync(CancellationToken.None);
        Assert.Equal(2, Sim.Requests.Count(r => r.Path == "/api/auth/logout"));
        Assert.False(second.IsOpen);
    }
}

public class AuthDisabledTests : SimulatorTest
{
    protected override Simulator.PiKvm.PiKvmSimulatorOptions SimulatorOptions() => new() { AuthEnabled = false };

    [Fact]
    public async Task A_pikvm_without_auth_works_and_a_later_401_is_reported_as_such()
    {
        using PiKvmSession session = await Connect(PiKvmAuthMode.Session);
        Assert.NotNull((await session.GetInfoAsync(["meta"], CancellationToken.None)).HostName);

        Sim.PiKvm.Options.AuthEnabled = true;
        var ex = await Assert.ThrowsAsync<KvmPveException>(() => session.GetInfoAsync(null, CancellationToken.None));
        Assert.Equal(ErrorKind.AuthenticationError, ex.Kind);
        Assert.Equal("PiKvmUnauthorized", ex.ErrorId);
        Assert.Equal(401, ex.StatusCode);
    }

}
