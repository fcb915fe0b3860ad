using System.Security.Cryptography;
using System.Text;

namespace KvmPve
{
    /// <summary>
    /// VNC authentication (RFB security type 2): the 16-byte challenge DES-encrypted with the password, its first eight
    /// bytes, each byte's bits reversed — VNC's own quirk, which no library here speaks; DES is the framework's.
    /// </summary>
    internal static class VncDes
    {
        /// <summary>The response to <paramref name="challenge"/> for <paramref name="password"/> (only its first 8 characters count).</summary>
        public static byte[] Response(byte[] challenge, string password)
        {
            byte[] key = new byte[8];
            byte[] text = Encoding.ASCII.GetBytes(password);
            for (int i = 0; i < 8 && i < text.Length; i++)
            {
                key[i] = Reverse(text[i]);
            }

            using (DES des = DES.Create())
            {
                des.Mode = CipherMode.ECB;
                des.Padding = PaddingMode.None;
                using (ICryptoTransform encrypt = des.CreateEncryptor(key, null))
                {
                    return encrypt.TransformFinalBlock(challenge, 0, challenge.Length);
                }
            }
        }

        private static byte Reverse(byte value)
        {
            int reversed = 0;
            for (int bit = 0; bit < 8; bit++)
            {
                reversed |= ((value >> bit) & 1) << (7 - bit);
            }

            return (byte)reversed;
        }
    }
}
