using KvmPve.Errors;
using KvmPve.Security;
using KvmPve.Simulator.Pve;

namespace KvmPve.Core.Tests;

public class PveAuthTests : PveTest
{
    [Fact]
    public async Task A_password_login_gives_a_ticket_session_with_the_cluster_name()
    {
        using PveSession session = await ConnectPve();
        Assert.Equal(PveAuthMethod.Ticket, session.AuthMethod);
        Assert.Equal("root@pam", session.UserName);
        Assert.Equal("sim-cluster", session.ClusterName);
        Assert.NotNull(session.TicketIssuedAt);
        Assert.Equal("9.1.1", (await session.GetVersionAsync(CancellationToken.None)).Version);
    }

    [Theory]
    [InlineData("root", null, "root@pam")]
    [InlineData("auditor", "pve", "auditor@pve")]
    [InlineData("auditor@pve", "pam", "auditor@pve")]
    public async Task The_realm_defaults_to_pam_when_the_name_has_none(string user, string? realm, string expected)
    {
        PveConnectOptions options = PveOptions(user, expected == "root@pam" ? RootPassword : "auditor");
        options.Realm = realm;
        using PveSession session = await PveSession.ConnectAsync(options, CancellationToken.None);
        Assert.Equal(expected, session.UserName);
    }

    [Fact]
    public async Task A_wrong_password_is_an_authentication_error_naming_the_server()
    {
        var ex = await Assert.ThrowsAsync<KvmPveException>(() => ConnectPve(password: "wrong"));
        Assert.Equal(ErrorKind.AuthenticationError, ex.Kind);
        Assert.Equal("PveAuthenticationFailed", ex.ErrorId);
        Assert.Contains(Sim.Server, ex.Message);
    }

    [Fact]
    public async Task A_password_with_form_delimiters_arrives_intact()
    {
        // PVE's form parser splits on ';' as well as '&': every delimiter must be percent-encoded.
        Sim.Pve.Options.Users["odd@pve"] = "p;a=s&s+w%rd ok";
        using PveSession session = await ConnectPve("odd@pve", "p;a=s&s+w%rd ok");
        Assert.Equal("odd@pve", session.UserName);
    }

    [Fact]
    public async Task An_api_token_session_sends_no_csrf_and_needs_no_login()
    {
        using PveSession session = await ConnectToken();
        Assert.Equal(PveAuthMethod.ApiToken, session.AuthMethod);
        Assert.Equal("root@pam!automation", session.UserName);
        Assert.Equal("sim-cluster", session.ClusterName);
        Assert.Null(session.TicketIssuedAt);
        Assert.Equal(0, TicketRequests);
        Assert.StartsWith("UPID:pve1:", (string?)await session.InvokeAsync("POST", "/nodes/pve1/qemu/100/status/start", null, CancellationToken.None));
        var post = Sim.Requests.Single(r => r.Method == "POST");
        Assert.True(post.Has("Authorization"));
        Assert.False(post.Has("CSRFPreventionToken"));
        Assert.False(post.Has("Cookie"));
    }

    [Fact]
    public async Task A_ticket_session_sends_csrf_on_every_change_and_never_on_a_read()
    {
        using PveSession session = await ConnectPve();
        await session.GetVersionAsync(CancellationToken.None);
        Assert.StartsWith("UPID:pve1:", (string?)await session.InvokeAsync("POST", "/nodes/pve1/qemu/100/status/start", null, CancellationToken.None));
        await Assert.ThrowsAsync<KvmPveException>(() => session.InvokeAsync("DELETE", "/nodes/pve1/qemu/100", null, CancellationToken.None));
        var calls = Sim.Requests.Where(r => r.Path != "/api2/json/access/ticket").ToList();
        Assert.All(calls, r => Assert.True(r.Has("Cookie")));
        Assert.All(calls.Where(r => r.Method != "GET"), r => Assert.True(r.Has("CSRFPreventionToken"), $"{r.Method} {r.Path} lacks the CSRF token"));
        Assert.All(calls.Where(r => r.Method == "GET"), r => Assert.False(r.Has("CSRFPreventionToken")));
        Assert.Equal(2, calls.Count(r => r.Method != "GET"));
    }

    [Fact]
    public async Task A_wrong_token_secret_is_an_authentication_error()
    {
        var ex = await Assert.ThrowsAsync<KvmPveException>(() =>
            PveSession.ConnectAsync(PveOptions("root@pam!automation", "00000000-0000-0000-0000-000000000000", PveAuthMethod.ApiToken), CancellationToken.None));
        Assert.Equal(ErrorKind.AuthenticationError, ex.Kind);
        Assert.Equal("PveUnauthorized", ex.ErrorId);
    }

    [Fact]
    public async Task A_token_without_privileges_still_connects_without_a_cluster_name()
    {
        Sim.Pve.Options.Tokens["auditor@pve!ro"] = "secret-ro";
        using PveSession session = await PveSession.ConnectAsync(PveOptions("auditor@pve!ro", "secret-ro", PveAuthMethod.ApiToken), CancellationToken.None);
        Assert.Null(session.ClusterName);
    }

    [Fact]
    public async Task Endpoints_closed_to_tokens_answer_403()
    {
        using PveSession session = await ConnectToken();
        var change = new System.Collections.Hashtable { ["userid"] = "root@pam", ["password"] = "new-password" };
        var ex = await Assert.ThrowsAsync<KvmPveException>(() => session.InvokeAsync("PUT", "access/password", change, CancellationToken.None));
        Assert.Equal(ErrorKind.PermissionDenied, ex.Kind);
        Assert.Contains("not available with API token", ex.Message);
    }
}

public class PveTwoFactorTests : PveTest
{
    private const string Secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

    protected override PveSimulatorOptions PveSimulator()
    {
        PveSimulatorOptions options = base.PveSimulator();
        options.Users["alice@pve"] = "alice-pass";
        options.TotpSecrets["alice@pve"] = Secret;
        return options;
    }

    private PveConnectOptions Alice() => PveOptions("alice@pve", "alice-pass");

    [Fact]
    public async Task The_challenge_is_answered_from_the_totp_secret()
    {
        PveConnectOptions options = Alice();
        options.TotpSecret = SecretText.FromString(Secret);
        using PveSession session = await PveSession.ConnectAsync(options, CancellationToken.None);
        Assert.Equal(2, TicketRequests);
        Assert.Equal("9.1.1", (await session.GetVersionAsync(CancellationToken.None)).Version);
    }

    [Fact]
    public async Task The_challenge_is_answered_with_a_one_time_code()
    {
        PveConnectOptions options = Alice();
        options.Otp = Totp.Compute(Base32.Decode(Secret.ToCharArray()), DateTimeOffset.UtcNow);
        using PveSession session = await PveSession.ConnectAsync(options, CancellationToken.None);
        Assert.Equal("alice@pve", session.UserName);
    }

    [Fact]
    public async Task Without_a_second_factor_the_error_says_how_to_give_one()
    {
        var ex = await Assert.ThrowsAsync<KvmPveException>(() => PveSession.ConnectAsync(Alice(), CancellationToken.None));
        Assert.Equal(ErrorKind.AuthenticationError, ex.Kind);
        Assert.Equal("PveTfaRequired", ex.ErrorId);
        Assert.Contains("-Otp", ex.Message);
        Assert.Contains("-TotpSecret", ex.Message);
    }

    [Fact]
    public async Task A_wrong_code_is_refused()
    {
        PveConnectOptions options = Alice();
        options.Otp = "000000";
        var ex = await Assert.ThrowsAsync<KvmPveException>(() => PveSession.ConnectAsync(options, CancellationToken.None));
        Assert.Equal("PveAuthenticationFailed", ex.ErrorId);
        Assert.Contains("second factor", ex.Message);
    }
}

public class PveTicketLifeTests : PveTest
{
    private readonly FakeClock _clock = new(DateTimeOffset.UtcNow);

    protected override PveSimulatorOptions PveSimulator()
    {
        PveSimulatorOptions options = base.PveSimulator();
        options.Clock = _clock;
        return options;
    }

    [Fact]
    public async Task A_ticket_past_half_its_life_is_renewed_with_itself_before_the_next_call()
    {
        using PveSession session = await PveSession.ConnectAsync(PveOptions(clock: _clock), CancellationToken.None);
        DateTime? first = session.TicketIssuedAt;
        _clock.Set(_clock.UtcNow.AddMinutes(61));
        await session.GetVersionAsync(CancellationToken.None);
        Assert.Equal(2, TicketRequests);
        Assert.True(session.TicketIssuedAt > first);
        Assert.Equal(1, Sim.Requests.Count(r => r.Path == "/api2/json/version"));
    }

    [Fact]
    public async Task A_runbook_that_slept_past_the_ticket_life_logs_in_again()
    {
        using PveSession session = await PveSession.ConnectAsync(PveOptions(clock: _clock), CancellationToken.None);
        _clock.Set(_clock.UtcNow.AddHours(3));
        Assert.Equal("9.1.1", (await session.GetVersionAsync(CancellationToken.None)).Version);
        Assert.Equal(3, TicketRequests); // login, refused renewal, fresh login
    }

    [Fact]
    public async Task Many_hours_of_calls_never_see_an_expired_ticket()
    {
        using PveSession session = await PveSession.ConnectAsync(PveOptions(clock: _clock), CancellationToken.None);
        for (int i = 0; i < 12; i++)
        {
            _clock.Set(_clock.UtcNow.AddMinutes(50));
            await session.GetVersionAsync(CancellationToken.None);
        }

        Assert.DoesNotContain(Sim.Requests, r => r.Path == "/api2/json/version" && Sim.Requests.Count(x => x.Path == r.Path) > 12);
        Assert.Equal(12, Sim.Requests.Count(r => r.Path == "/api2/json/version"));
    }
}

public class PveUnauthorizedRuleTests : PveTest
{
    [Fact]
    public async Task A_401_on_a_get_logs_in_again_and_repeats_it_once()
    {
        using PveSession session = await ConnectPve();
        Sim.Pve.ForgetTickets();
        Assert.Equal("9.1.1", (await session.GetVersionAsync(CancellationToken.None)).Version);
        Assert.Equal(2, Sim.Requests.Count(r => r.Path == "/api2/json/version"));
        Assert.Equal(2, TicketRequests);
    }

    [Fact]
    public async Task A_401_on_a_post_is_never_repeated()
    {
        using PveSession session = await ConnectPve();
        // The preflight's privileges are read (a GET) before the first change: read them now, so the POST meets the 401.
        await session.TestRequestAsync("POST", "/nodes/pve1/qemu/100/status/start", null, CancellationToken.None);
        Sim.Pve.ForgetTickets();
        var ex = await Assert.ThrowsAsync<KvmPveException>(() => session.InvokeAsync("POST", "/nodes/pve1/qemu/100/status/start", null, CancellationToken.None));
        Assert.Equal("PveTicketRefused", ex.ErrorId);
        Assert.Contains("not repeated", ex.Message);
        Assert.Equal(1, Sim.Requests.Count(r => r.Method == "POST" && r.Path.EndsWith("/status/start", StringComparison.Ordinal)));
        Assert.Equal("9.1.1", (await session.GetVersionAsync(CancellationToken.None)).Version);
        Assert.Equal(1, Sim.Requests.Count(r => r.Path == "/api2/json/version"));
    }

    [Fact]
    public async Task A_401_that_persists_is_reported_not_looped()
    {
        PveConnectOptions options = PveOptions();
        using PveSession session = await PveSession.ConnectAsync(options, CancellationToken.None);
        Sim.Pve.ForgetTickets();
        Sim.Pve.Options.Users["root@pam"] = "changed";
        var ex = await Assert.ThrowsAsync<KvmPveException>(() => session.GetVersionAsync(CancellationToken.None));
        Assert.Equal("PveAuthenticationFailed", ex.ErrorId);
        Assert.Equal(1, Sim.Requests.Count(r => r.Path == "/api2/json/version"));
    }
}
