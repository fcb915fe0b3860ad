using System.Text;
using KvmPve.Errors;
using KvmPve.Security;
using KvmPve.Simulator.PiKvm;
using KvmPve.Transport;

namespace KvmPve.Core.Tests;

/// <summary>Runs successes and failures of every kind and looks for secrets in everything a user could see.</summary>
public class SecretLeakTests : SimulatorTest
{
    private const string User = "operator";
    private const string Password = "Xy7-secret-pass";
    private const string TotpSecret = "KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU";

    private readonly List<string> _seen = [];

    protected override PiKvmSimulatorOptions SimulatorOptions()
    {
        var options = new PiKvmSimulatorOptions { TotpSecret = TotpSecret };
        options.Users[User] = Password;
        return options;
    }

    private PiKvmConnectOptions Secret(PiKvmAuthMode mode, string password = Password)
    {
        PiKvmConnectOptions options = Options(mode, User, password);
        options.TotpSecret = SecretText.FromString(TotpSecret);
        return options;
    }

    private async Task Observe(Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (Exception ex)
        {
            _seen.Add(ex.ToString());
            if (ex is KvmPveException k)
            {
                _seen.Add(k.ErrorId + " " + k.ServerError);
            }
        }
    }

    [Fact]
    public async Task No_password_totp_secret_or_cookie_appears_in_messages_or_verbose_text()
    {
        using (RequestLog.Capture(_seen.Add))
        {
            var tokens = new List<string>();
            foreach (PiKvmAuthMode mode in Enum.GetValues<PiKvmAuthMode>())
            {
                await Observe(async () =>
                {
                    using PiKvmSession session = await PiKvmSession.ConnectAsync(Secret(mode), CancellationToken.None);
                    tokens.AddRange(Sim.PiKvm.SessionTokens);
                    _seen.Add(session.ToString());
                    _seen.Add(string.Join("|", typeof(PiKvmSession).GetProperties().Select(p => p.GetValue(session)?.ToString())));
                    await Observe(() => session.GetInfoAsync(null, CancellationToken.None));
                    await Observe(() => session.ReadLogAsync(null, false, e => _seen.Add(e.Message), CancellationToken.None));
                    await Observe(() => session.InvokeAsync("GET", "nothing", null, null, CancellationToken.None));
                    await Observe(() => session.InvokeAsync("GET", "info", new System.Collections.Hashtable { ["fields"] = "x" }, null, CancellationToken.None));
                    Sim.PiKvm.EndAllSessions();
                    Sim.PiKvm.Options.Users[User] = "other";
                    await Observe(() => session.GetInfoAsync(null, CancellationToken.None));
                    Sim.PiKvm.Options.Users[User] = Password;
                    await Observe(() => session.CloseAsync(CancellationToken.None));
                });
                await Observe(() => PiKvmSession.ConnectAsync(Secret(mode, "wrong-" + Password), CancellationToken.None));
            }

            PiKvmConnectOptions pinned = Secret(PiKvmAuthMode.Basic);
            pinned.CertificateThumbprint = new string('0', 64);
            await Observe(() => PiKvmSession.ConnectAsync(pinned, CancellationToken.None));
            PiKvmConnectOptions badSecret = Secret(PiKvmAuthMode.Header);
            badSecret.TotpSecret = SecretText.FromString(TotpSecret + "!");
            await Observe(() => PiKvmSession.ConnectAsync(badSecret, CancellationToken.None));

            Assert.NotEmpty(tokens);
            string all = string.Join("\n", _seen);
            Assert.Contains("/api/info", all);
            Assert.Contains("PiKvmAuthenticationFailed", all);
            string[] secrets =
            [
                Password, TotpSecret, TotpSecret.ToLowerInvariant(),
                Convert.ToBase64String(Encoding.UTF8.GetBytes(User + ":" + Password)),
                .. tokens,
            ];
            foreach (string secret in secrets)
            {
                Assert.DoesNotContain(secret, all);
            }
        }
    }
}

public class ConnectionReuseTests : SimulatorTest
{
    [Theory]
    [InlineData(PiKvmAuthMode.Session)]
    [InlineData(PiKvmAuthMode.Header)]
    [InlineData(PiKvmAuthMode.Basic)]
    public async Task One_connection_serves_a_hundred_sequential_requests(PiKvmAuthMode mode)
    {
        using PiKvmSession session = await Connect(mode);
        for (int i = 0; i < 100; i++)
        {
            await session.GetInfoAsync(["auth"], CancellationToken.None);
        }

        await session.ReadLogAsync(null, false, _ => { }, CancellationToken.None);
        await session.GetInfoAsync(["auth"], CancellationToken.None);
        Assert.Equal(1, Sim.Connections);
    }
}

public class InvokeTests : SimulatorTest
{
    [Fact]
    public async Task A_json_envelope_gives_its_result()
    {
        using PiKvmSession session = await Connect();
        var result = Assert.IsType<Dictionary<string, object?>>(await session.InvokeAsync("get", "/api/info", new System.Collections.Hashtable { ["fields"] = new[] { "auth", "meta" } }, null, CancellationToken.None));
        Assert.Equal(["auth", "meta"], result.Keys.Order());
        Assert.Contains(Sim.Requests, r => r.Query == "?fields=auth%2Cmeta");
    }

    [Fact]
    public async Task Text_comes_back_as_a_string_and_booleans_travel_as_1_or_0()
    {
        using PiKvmSession session = await Connect();
        var text = Assert.IsType<string>(await session.InvokeAsync("GET", "log", new System.Collections.Hashtable { ["follow"] = false }, null, CancellationToken.None));
        Assert.Contains("] --- Starting PiKVM", text);
        Assert.Contains(Sim.Requests, r => r.Path == "/api/log" && r.Query == "?follow=0");
    }

    [Fact]
    public async Task Every_post_carries_a_body_so_it_is_never_resent_silently()
    {
        using PiKvmSession session = await Connect();
        await session.InvokeAsync("POST", "auth/logout", null, null, CancellationToken.None);
        await session.InvokeAsync("POST", "auth/login", null, new System.Collections.Hashtable { ["user"] = "admin", ["passwd"] = "admin" }, CancellationToken.None);
        Assert.All(Sim.Requests.Where(r => r.Method == "POST"), r => Assert.NotNull(r.ContentLength));
        Assert.Equal(0, Sim.Requests.Single(r => r.Path == "/api/auth/logout").ContentLength);
    }
}
