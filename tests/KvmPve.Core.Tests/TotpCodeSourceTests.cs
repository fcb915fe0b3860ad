using KvmPve.Security;

namespace KvmPve.Core.Tests;

public class TotpCodeSourceTests
{
    private const string Secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
    private static readonly byte[] Key = Base32.Decode(Secret.ToCharArray());
    private static readonly DateTimeOffset WindowStart = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000 - 1_800_000_000 % 30);

    [Fact]
    public async Task Mid_window_code_is_sent_at_once()
    {
        var clock = new FakeClock(WindowStart.AddSeconds(10));
        var source = new TotpCodeSource(SecretText.FromString(Secret), clock);
        TotpCode code = await source.NextAsync(CancellationToken.None);
        Assert.Empty(clock.Delays);
        Assert.Equal(Totp.Compute(Key, WindowStart), code.Value);
    }

    [Fact]
    public async Task Less_than_a_second_left_waits_for_the_next_window()
    {
        var clock = new FakeClock(WindowStart.AddSeconds(29.4));
        var source = new TotpCodeSource(SecretText.FromString(Secret), clock);
        TotpCode code = await source.NextAsync(CancellationToken.None);
        TimeSpan waited = Assert.Single(clock.Delays);
        Assert.InRange(waited.TotalMilliseconds, 600, 700);
        Assert.Equal(Totp.Compute(Key, WindowStart.AddSeconds(30)), code.Value);
        Assert.Equal(Totp.Window(WindowStart) + 1, code.Window);
    }

    [Fact]
    public void Near_boundary_only_close_to_the_end_or_after_it()
    {
        var clock = new FakeClock(WindowStart.AddSeconds(5));
        var source = new TotpCodeSource(SecretText.FromString(Secret), clock);
        var code = new TotpCode("000000", Totp.Window(WindowStart));
        Assert.False(source.NearBoundary(code));
        clock.Set(WindowStart.AddSeconds(28.5));
        Assert.True(source.NearBoundary(code));
        clock.Set(WindowStart.AddSeconds(31));
        Assert.True(source.NearBoundary(code));
    }

    [Fact]
    public void An_invalid_secret_is_refused_without_echoing_it()
    {
        var ex = Assert.Throws<FormatException>(() => new TotpCodeSource(SecretText.FromString("not-base32-1!"), new FakeClock(WindowStart)));
        Assert.DoesNotContain("not-base32", ex.Message);
    }
}
