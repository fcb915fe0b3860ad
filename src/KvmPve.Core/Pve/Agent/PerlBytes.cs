using System.Text;

namespace KvmPve.Pve
{
    /// <summary>
    /// PVE's Perl moves raw bytes through its JSON as characters U+0000–U+00FF, one per byte: exec-status's decoded
    /// out-data/err-data arrive that way (UTF-8 output double-encoded, "grÃ¼ÃŸe"), and exec's input-data is passed to
    /// encode_base64, which takes only such characters ("Wide character in subroutine entry" above U+00FF). No
    /// library speaks this convention, so it is written here.
    /// </summary>
    internal static class PerlBytes
    {
        /// <summary>UTF-8 that keeps going on invalid bytes (each becomes U+FFFD): guest output is whatever the program wrote.</summary>
        private static readonly Encoding LenientUtf8 = new UTF8Encoding(false, false);

        /// <summary>The bytes a PVE string stands for; a string with characters above U+00FF was not a byte string, and is taken as text.</summary>
        public static byte[] ToBytes(string text)
        {
            var bytes = new byte[text.Length];
            for (int i = 0; i < text.Length; i++)
            {
                if (text[i] > '\u00FF')
                {
                    return LenientUtf8.GetBytes(text);
                }

                bytes[i] = (byte)text[i];
            }

            return bytes;
        }

        /// <summary>Bytes as PVE wants them in a parameter it base64-encodes: one character per byte.</summary>
        public static string FromBytes(byte[] bytes)
        {
            var text = new StringBuilder(bytes.Length);
            foreach (byte b in bytes)
            {
                text.Append((char)b);
            }

            return text.ToString();
        }

        /// <summary>What the guest wrote, as text: its bytes read as UTF-8, invalid sequences as U+FFFD.</summary>
        public static string Text(byte[] bytes) => LenientUtf8.GetString(bytes);

        /// <summary>Text as the bytes a guest program reads (UTF-8), one character per byte for PVE.</summary>
        public static string ForGuest(string text) => FromBytes(LenientUtf8.GetBytes(text));
    }
}
