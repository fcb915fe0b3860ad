using System;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using KvmPve.Time;

namespace KvmPve.Security
{
    /// <summary>
    /// Current 6-digit SHA-1 codes for a stored base32 secret (what PiKVM and PVE use), avoiding codes that
    /// would expire in flight.
    /// </summary>
    public sealed class TotpCodeSource
    {
        /// <summary>A code with less than this left of its window is not sent: we wait for the next window.</summary>
        public static readonly TimeSpan MinimumRemaining = TimeSpan.FromSeconds(1);

        /// <summary>A refusal this close to a window's end may be an in-flight expiry, worth one retry.</summary>
        public static readonly TimeSpan BoundaryMargin = TimeSpan.FromSeconds(3);

        private readonly SecureString _secret;
        private readonly Clock _clock;

        public TotpCodeSource(SecureString secret, Clock clock)
        {
            _secret = secret.Copy();
            _secret.MakeReadOnly();
            _clock = clock;
            Validate(_secret);
        }

        /// <summary>An InvalidArgument error with <paramref name="errorId"/> (and never the secret) when a given secret is not base32.</summary>
        public static void Check(SecureString? secret, string errorId)
        {
            if (secret == null)
            {
                return;
            }

            try
            {
                Validate(secret);
            }
            catch (FormatException ex)
            {
                throw Errors.KvmPveException.Invalid(errorId, ex.Message);
            }
        }

        /// <summary>Throws a FormatException (without the secret) when the secret is not base32.</summary>
        public static void Validate(SecureString secret)
        {
            byte[] key = DecodeKey(secret);
            Array.Clear(key, 0, key.Length);
        }

        /// <summary>A code that stays valid for at least <see cref="MinimumRemaining"/>.</summary>
        public async Task<TotpCode> NextAsync(CancellationToken cancellationToken)
        {
            TimeSpan left = Remaining(_clock.UtcNow);
            if (left < MinimumRemaining)
            {
                await _clock.Delay(left + TimeSpan.FromMilliseconds(50), cancellationToken).ConfigureAwait(false);
            }

            return Current();
        }

        /// <summary>Whether a refusal of <paramref name="code"/> could be its window ending in flight.</summary>
        public bool NearBoundary(TotpCode code)
        {
            DateTimeOffset now = _clock.UtcNow;
            return Totp.Window(now) != code.Window || Remaining(now) < BoundaryMargin;
        }

        /// <summary>Waits for the window after <paramref name="code"/>'s and returns that window's code.</summary>
        public async Task<TotpCode> NextWindowAsync(TotpCode code, CancellationToken cancellationToken)
        {
            DateTimeOffset now = _clock.UtcNow;
            if (Totp.Window(now) == code.Window)
            {
                await _clock.Delay(Remaining(now) + TimeSpan.FromMilliseconds(50), cancellationToken).ConfigureAwait(false);
            }

            return Current();
        }

        private TotpCode Current()
        {
            DateTimeOffset now = _clock.UtcNow;
            byte[] key = DecodeKey(_secret);
            try
            {
                long window = Totp.Window(now);
                return new TotpCode(Totp.ComputeForWindow(key, window), window);
            }
            finally
            {
                Array.Clear(key, 0, key.Length);
            }
        }

        private static TimeSpan Remaining(DateTimeOffset now)
        {
            long ms = now.ToUnixTimeMilliseconds() % (Totp.DefaultStepSeconds * 1000L);
            return TimeSpan.FromMilliseconds(Totp.DefaultStepSeconds * 1000L - ms);
        }

        private static byte[] DecodeKey(SecureString secret)
        {
            char[] chars = SecretText.ToChars(secret);
            try
            {
                return Base32.Decode(chars);
            }
            finally
            {
                Array.Clear(chars, 0, chars.Length);
            }
        }
    }

    /// <summary>One code and the 30-second window it belongs to.</summary>
    public readonly struct TotpCode
    {
        public TotpCode(string value, long window)
        {
            Value = value;
            Window = window;
        }

        public string Value { get; }

        public long Window { get; }
    }
}
