using System.Text;
using KvmPve.Security;
using OtpNet;
using Totp = KvmPve.Security.Totp;

namespace KvmPve.Core.Tests;

public class TotpTests
{
    private static readonly byte[] Sha1Key = Encoding.ASCII.GetBytes("12345678901234567890");
    private static readonly byte[] Sha256Key = Encoding.ASCII.GetBytes("12345678901234567890123456789012");
    private static readonly byte[] Sha512Key = Encoding.ASCII.GetBytes("1234567890123456789012345678901234567890123456789012345678901234");

    // RFC 6238 appendix B, through Otp.NET.
    [Theory]
    [InlineData(59L, "94287082", "46119246", "90693936")]
    [InlineData(1111111109L, "07081804", "68084774", "25091201")]
    [InlineData(1111111111L, "14050471", "67062674", "99943326")]
    [InlineData(1234567890L, "89005924", "91819424", "93441116")]
    [InlineData(2000000000L, "69279037", "90698825", "38618901")]
    [InlineData(20000000000L, "65353130", "77737706", "47863826")]
    public void Rfc6238_vectors(long unixTime, string sha1, string sha256, string sha512)
    {
        DateTimeOffset time = DateTimeOffset.FromUnixTimeSeconds(unixTime);
        Assert.Equal(sha1, Totp.Compute(Sha1Key, time, 8, OtpHashMode.Sha1));
        Assert.Equal(sha256, Totp.Compute(Sha256Key, time, 8, OtpHashMode.Sha256));
        Assert.Equal(sha512, Totp.Compute(Sha512Key, time, 8, OtpHashMode.Sha512));
    }

    [Theory]
    [InlineData(59L, "287082")]
    [InlineData(1111111109L, "081804")]
    [InlineData(1234567890L, "005924")]
    [InlineData(2000000000L, "279037")]
    public void Six_digit_sha1_codes_as_authenticator_apps_show_them(long unixTime, string expected) =>
        Assert.Equal(expected, Totp.Compute(Sha1Key, DateTimeOffset.FromUnixTimeSeconds(unixTime)));

    [Fact]
    public void Verify_accepts_one_window_either_side_and_no_more()
    {
        DateTimeOffset now = DateTimeOffset.FromUnixTimeSeconds(1_700_000_010);
        string previous = Totp.Compute(Sha1Key, now.AddSeconds(-30));
        string twoBack = Totp.Compute(Sha1Key, now.AddSeconds(-60));
        Assert.True(Totp.Verify(Sha1Key, previous, now, 1));
        Assert.False(Totp.Verify(Sha1Key, previous, now, 0));
        Assert.False(Totp.Verify(Sha1Key, twoBack, now, 1));
    }

    [Fact]
    public void Base32_round_trip_and_rfc4648_text()
    {
        Assert.Equal("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", Base32.Encode(Sha1Key));
        Assert.Equal(Sha1Key, Base32.Decode("gezd gnbv gy3t qojq gezd gnbv gy3t qojq".ToCharArray()));
        Assert.Equal(Encoding.ASCII.GetBytes("foobar"), Base32.Decode("MZXW6YTBOI======".ToCharArray()));
    }

    [Fact]
    public void Base32_error_does_not_repeat_the_secret()
    {
        var ex = Assert.Throws<FormatException>(() => Base32.Decode("SECRETVALUE1".ToCharArray()));
        Assert.DoesNotContain("SECRETVALUE", ex.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("base32", ex.Message);
    }
}
