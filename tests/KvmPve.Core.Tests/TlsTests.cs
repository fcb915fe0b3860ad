using KvmPve.Errors;

namespace KvmPve.Core.Tests;

public class TlsTests : SimulatorTest
{
    [Fact]
    public async Task An_untrusted_certificate_is_refused_by_default_with_its_thumbprint_named()
    {
        PiKvmConnectOptions options = Options();
        options.CertificateThumbprint = null;
        var ex = await Assert.ThrowsAsync<KvmPveException>(() => PiKvmSession.ConnectAsync(options, CancellationToken.None));
        Assert.Equal(ErrorKind.SecurityError, ex.Kind);
        Assert.Equal("PiKvmCertificateRejected", ex.ErrorId);
        Assert.Contains(Sim.Thumbprint, ex.Message);
        Assert.DoesNotContain(Sim.Requests, r => r.Path == "/api/auth/login");
    }

    [Fact]
    public async Task Skip_accepts_it()
    {
        PiKvmConnectOptions options = Options();
        options.CertificateThumbprint = null;
        options.SkipCertificateCheck = true;
        using PiKvmSession session = await PiKvmSession.ConnectAsync(options, CancellationToken.None);
        Assert.Equal("Skip", session.CertificateCheck);
    }

    [Fact]
    public async Task The_right_pin_accepts_it_in_any_notation()
    {
        PiKvmConnectOptions options = Options();
        options.CertificateThumbprint = string.Join(":", Sim.Thumbprint.Chunk(2).Select(c => new string(c))).ToLowerInvariant();
        using PiKvmSession session = await PiKvmSession.ConnectAsync(options, CancellationToken.None);
        Assert.Equal("Pinned", session.CertificateCheck);
    }

    [Fact]
    public async Task A_wrong_pin_is_refused_before_credentials_are_sent()
    {
        PiKvmConnectOptions options = Options();
        options.CertificateThumbprint = new string('A', 64);
        var ex = await Assert.ThrowsAsync<KvmPveException>(() => PiKvmSession.ConnectAsync(options, CancellationToken.None));
        Assert.Equal(ErrorKind.SecurityError, ex.Kind);
        Assert.Contains("does not match", ex.Message);
        Assert.Empty(Sim.Requests);
    }

    [Theory]
    [InlineData("ABCD")]
    [InlineData("zz")]
    [InlineData("0123456789ABCDEF0123456789ABCDEF01234567")]
    public async Task A_malformed_pin_is_refused_before_any_request(string pin)
    {
        PiKvmConnectOptions options = Options();
        options.CertificateThumbprint = pin;
        var ex = await Assert.ThrowsAsync<KvmPveException>(() => PiKvmSession.ConnectAsync(options, CancellationToken.None));
        Assert.Equal("InvalidThumbprint", ex.ErrorId);
        Assert.Contains(pin, ex.Message);
        Assert.Equal(0, Sim.Connections);
    }

    [Fact]
    public async Task Skip_and_pin_together_are_refused()
    {
        PiKvmConnectOptions options = Options();
        options.SkipCertificateCheck = true;
        var ex = await Assert.ThrowsAsync<KvmPveException>(() => PiKvmSession.ConnectAsync(options, CancellationToken.None));
        Assert.Equal(ErrorKind.InvalidArgument, ex.Kind);
    }
}
