using System;
using System.Linq;
using OtpNet;

namespace KvmPve.Security
{
    /// <summary>
    /// RFC 4648 base32 through Otp.NET. Ours is only the secret check before it: authenticator apps show secrets in
    /// groups with spaces or dashes, and Otp.NET's own error would not say what a valid secret looks like.
    /// </summary>
    public static class Base32
    {
        private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

        /// <summary>Decodes; the error never repeats the input, which is a secret.</summary>
        public static byte[] Decode(char[] text)
        {
            char[] symbols = text.Where(c => c != ' ' && c != '-' && c != '=').ToArray();
            try
            {
                if (symbols.Length == 0)
                {
                    throw new FormatException("The TOTP secret is empty.");
                }

                if (symbols.Any(c => Alphabet.IndexOf(char.ToUpperInvariant(c)) < 0))
                {
                    throw new FormatException("The TOTP secret is not valid base32: use only the letters A-Z and the digits 2-7, as the PiKVM or authenticator setup shows it.");
                }

                return Base32Encoding.ToBytes(new string(symbols));
            }
            finally
            {
                Array.Clear(symbols, 0, symbols.Length);
            }
        }

        public static string Encode(byte[] data) => Base32Encoding.ToString(data);
    }
}
