using KvmPve.Errors;
using KvmPve.Security;
using KvmPve.Transport;

namespace KvmPve.Core.Tests;

public class InputValidationTests : SimulatorTest
{
    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("https://")]
    [InlineData("ftp://kvm.example.net")]
    [InlineData("kvm example net")]
    [InlineData("https://kvm.example.net/api")]
    [InlineData("https://user:pw@kvm.example.net")]
    [InlineData("kvm.example.net:99999")]
    [InlineData("https://kvm.example.net?x=1")]
    public async Task A_malformed_server_fails_before_any_request(string server)
    {
        PiKvmConnectOptions options = Options();
        options.Server = server;
        var ex = await Assert.ThrowsAsync<KvmPveException>(() => PiKvmSession.ConnectAsync(options, CancellationToken.None));
        Assert.Equal(ErrorKind.InvalidArgument, ex.Kind);
        Assert.Equal("InvalidServer", ex.ErrorId);
        Assert.Contains("host:port", ex.Message);
        Assert.Equal(0, Sim.Connections);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Admin")]
    [InlineData("bad user")]
    public async Task A_bad_user_name_fails_before_any_request(string user)
    {
        var ex = await Assert.ThrowsAsync<KvmPveException>(() => PiKvmSession.ConnectAsync(Options(user: user), CancellationToken.None));
        Assert.Equal(ErrorKind.InvalidArgument, ex.Kind);
        Assert.Equal("PiKvmInvalidUserName", ex.ErrorId);
        Assert.Equal(0, Sim.Connections);
    }

    [Fact]
    public async Task A_password_kvmd_would_refuse_fails_before_any_request_without_showing_it()
    {
        var ex = await Assert.ThrowsAsync<KvmPveException>(() => PiKvmSession.ConnectAsync(Options(password: "pässwörd"), CancellationToken.None));
        Assert.Equal("PiKvmInvalidPassword", ex.ErrorId);
        Assert.DoesNotContain("pässwörd", ex.Message);
        Assert.Equal(0, Sim.Connections);
    }

    [Fact]
    public async Task A_bad_totp_secret_fails_before_any_request()
    {
        PiKvmConnectOptions options = Options();
        options.TotpSecret = SecretText.FromString("0189!");
        var ex = await Assert.ThrowsAsync<KvmPveException>(() => PiKvmSession.ConnectAsync(options, CancellationToken.None));
        Assert.Equal("PiKvmInvalidTotpSecret", ex.ErrorId);
        Assert.DoesNotContain("0189", ex.Message);
        Assert.Equal(0, Sim.Connections);
    }

    [Fact]
    public async Task An_unknown_info_field_fails_before_any_request_listing_the_valid_ones()
    {
        using PiKvmSession session = await Connect();
        int before = Sim.Requests.Count;
        var ex = await Assert.ThrowsAsync<KvmPveException>(() => session.GetInfoAsync(["system", "bogus"], CancellationToken.None));
        Assert.Equal("PiKvmUnknownInfoField", ex.ErrorId);
        Assert.Contains("'bogus'", ex.Message);
        Assert.Contains("auth, extras, fan, health, hw, meta, node, system, uptime", ex.Message);
        Assert.Equal(before, Sim.Requests.Count);
    }

    [Fact]
    public async Task A_negative_seek_fails_before_any_request()
    {
        using PiKvmSession session = await Connect();
        int before = Sim.Requests.Count;
        var ex = await Assert.ThrowsAsync<KvmPveException>(() => session.ReadLogAsync(TimeSpan.FromSeconds(-5), false, _ => { }, CancellationToken.None));
        Assert.Equal("PiKvmInvalidSeek", ex.ErrorId);
        Assert.Equal(before, Sim.Requests.Count);
    }

    [Theory]
    [InlineData("https://kvm/api/info")]
    [InlineData("info?fields=auth")]
    [InlineData("../etc")]
    [InlineData("")]
    public async Task A_bad_api_path_fails_before_any_request(string path)
    {
        using PiKvmSession session = await Connect();
        int before = Sim.Requests.Count;
        var ex = await Assert.ThrowsAsync<KvmPveException>(() => session.InvokeAsync("GET", path, null, null, CancellationToken.None));
        Assert.Equal("PiKvmInvalidPath", ex.ErrorId);
        Assert.Equal(before, Sim.Requests.Count);
    }

    [Fact]
    public async Task An_unknown_method_and_an_unsendable_body_fail_before_any_request()
    {
        using PiKvmSession session = await Connect();
        int before = Sim.Requests.Count;
        Assert.Equal("PiKvmInvalidMethod", (await Assert.ThrowsAsync<KvmPveException>(() => session.InvokeAsync("FETCH", "info", null, null, CancellationToken.None))).ErrorId);
        Assert.Equal("PiKvmInvalidBody", (await Assert.ThrowsAsync<KvmPveException>(() => session.InvokeAsync("POST", "hid/print", null, 42, CancellationToken.None))).ErrorId);
        Assert.Equal(before, Sim.Requests.Count);
    }

    [Fact]
    public void A_zero_timeout_is_refused()
    {
        var ex = Assert.Throws<KvmPveException>(() => new HttpTransport(ServerAddress.Parse("kvm"), new TlsPolicy(false, null), TimeSpan.Zero, "PiKvm"));
        Assert.Equal("InvalidTimeout", ex.ErrorId);
    }
}

public class ServerAddressTests
{
    [Theory]
    [InlineData("kvm", null, "https://kvm/")]
    [InlineData("kvm.example.net:8443", null, "https://kvm.example.net:8443/")]
    [InlineData("https://10.0.0.5", null, "https://10.0.0.5/")]
    [InlineData("https://10.0.0.5:444/", null, "https://10.0.0.5:444/")]
    [InlineData("http://kvm", null, "http://kvm/")]
    [InlineData("[::1]:8443", null, "https://[::1]:8443/")]
    [InlineData(" pve1 ", 8006, "https://pve1:8006/")]
    [InlineData("https://pve1", 8006, "https://pve1:8006/")]
    [InlineData("pve1:443", 8006, "https://pve1/")]
    public void Accepted_forms(string text, int? defaultPort, string expected) =>
        Assert.Equal(expected, ServerAddress.Parse(text, defaultPort).BaseUri.ToString());

    [Fact]
    public void Plain_http_is_flagged() => Assert.True(ServerAddress.Parse("http://kvm").IsPlainHttp);
}
