using System;
using System.Security.Cryptography;

namespace KvmPve.Security
{
    public enum TotpAlgorithm
    {
        Sha1,
        Sha256,
        Sha512,
    }

    /// <summary>RFC 6238 time-based one-time passwords (RFC 4226 truncation).</summary>
    public static class Totp
    {
        public const int DefaultStepSeconds = 30;

        public static long Window(DateTimeOffset time, int stepSeconds = DefaultStepSeconds) =>
            time.ToUnixTimeSeconds() / stepSeconds;

        public static string Compute(byte[] key, DateTimeOffset time, int digits = 6, TotpAlgorithm algorithm = TotpAlgorithm.Sha1, int stepSeconds = DefaultStepSeconds) =>
            ComputeForWindow(key, Window(time, stepSeconds), digits, algorithm);

        public static string ComputeForWindow(byte[] key, long window, int digits = 6, TotpAlgorithm algorithm = TotpAlgorithm.Sha1)
        {
            if (digits < 6 || digits > 10)
            {
                throw new ArgumentOutOfRangeException(nameof(digits), digits, "A TOTP code has 6 to 10 digits.");
            }

            var counter = new byte[8];
            for (int i = 7; i >= 0; i--)
            {
                counter[i] = (byte)(window & 0xff);
                window >>= 8;
            }

            byte[] hash;
            using (HMAC hmac = Create(algorithm, key))
            {
                hash = hmac.ComputeHash(counter);
            }

            int offset = hash[hash.Length - 1] & 0x0f;
            long binary = ((hash[offset] & 0x7f) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
            long modulus = 1;
            for (int i = 0; i < digits; i++)
            {
                modulus *= 10;
            }

            return (binary % modulus).ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(digits, '0');
        }

        /// <summary>True when <paramref name="code"/> matches the window of <paramref name="time"/> or one of the <paramref name="tolerance"/> windows either side.</summary>
        public static bool Verify(byte[] key, string code, DateTimeOffset time, int tolerance = 1)
        {
            long window = Window(time);
            for (long w = window - tolerance; w <= window + tolerance; w++)
            {
                if (FixedTimeEquals(ComputeForWindow(key, w, code.Length < 6 ? 6 : code.Length), code))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool FixedTimeEquals(string a, string b)
        {
            if (a.Length != b.Length)
            {
                return false;
            }

            int diff = 0;
            for (int i = 0; i < a.Length; i++)
            {
                diff |= a[i] ^ b[i];
            }

            return diff == 0;
        }

        private static HMAC Create(TotpAlgorithm algorithm, byte[] key) => algorithm switch
        {
            TotpAlgorithm.Sha256 => new HMACSHA256(key),
            TotpAlgorithm.Sha512 => new HMACSHA512(key),
            _ => new HMACSHA1(key),
        };
    }
}
