using System;
using OtpNet;

namespace KvmPve.Security
{
    /// <summary>
    /// RFC 6238 codes computed by Otp.NET; only the 30-second window numbering that <see cref="TotpCodeSource"/> needs
    /// for its waits and its one retry is ours.
    /// </summary>
    public static class Totp
    {
        public const int DefaultStepSeconds = 30;

        public static long Window(DateTimeOffset time) => time.ToUnixTimeSeconds() / DefaultStepSeconds;

        public static string Compute(byte[] key, DateTimeOffset time, int digits = 6, OtpHashMode mode = OtpHashMode.Sha1) =>
            new OtpNet.Totp(key, DefaultStepSeconds, mode, digits).ComputeTotp(time.UtcDateTime);

        public static string ComputeForWindow(byte[] key, long window) =>
            Compute(key, DateTimeOffset.FromUnixTimeSeconds(window * DefaultStepSeconds));

        /// <summary>True when <paramref name="code"/> matches the window of <paramref name="time"/> or one of the <paramref name="tolerance"/> windows either side.</summary>
        public static bool Verify(byte[] key, string code, DateTimeOffset time, int tolerance = 1) =>
            new OtpNet.Totp(key).VerifyTotp(time.UtcDateTime, code, out _, new VerificationWindow(tolerance, tolerance));
    }
}
