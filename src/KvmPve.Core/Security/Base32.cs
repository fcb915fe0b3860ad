using System;
using System.Collections.Generic;

namespace KvmPve.Security
{
    /// <summary>RFC 4648 base32, as authenticator apps show TOTP secrets (case, spaces, dashes and padding ignored).</summary>
    public static class Base32
    {
        private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

        /// <summary>Decodes; the error never repeats the input, which is a secret.</summary>
        public static byte[] Decode(char[] text)
        {
            var bytes = new List<byte>(text.Length * 5 / 8);
            int buffer = 0, bits = 0, symbols = 0;
            foreach (char raw in text)
            {
                if (raw == ' ' || raw == '-' || raw == '=')
                {
                    continue;
                }

                int value = Alphabet.IndexOf(char.ToUpperInvariant(raw));
                if (value < 0)
                {
                    throw new FormatException("The TOTP secret is not valid base32: use only the letters A-Z and the digits 2-7, as the PiKVM or authenticator setup shows it.");
                }

                symbols++;
                buffer = (buffer << 5) | value;
                bits += 5;
                if (bits >= 8)
                {
                    bits -= 8;
                    bytes.Add((byte)(buffer >> bits));
                    buffer &= (1 << bits) - 1;
                }
            }

            if (symbols == 0)
            {
                throw new FormatException("The TOTP secret is empty.");
            }

            return bytes.ToArray();
        }

        public static string Encode(byte[] data)
        {
            var chars = new System.Text.StringBuilder((data.Length * 8 + 4) / 5);
            int buffer = 0, bits = 0;
            foreach (byte b in data)
            {
                buffer = (buffer << 8) | b;
                bits += 8;
                while (bits >= 5)
                {
                    bits -= 5;
                    chars.Append(Alphabet[(buffer >> bits) & 31]);
                }
            }

            if (bits > 0)
            {
                chars.Append(Alphabet[(buffer << (5 - bits)) & 31]);
            }

            return chars.ToString();
        }
    }
}
