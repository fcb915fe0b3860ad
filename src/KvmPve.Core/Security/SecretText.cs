using System;
using System.Runtime.InteropServices;
using System.Security;

namespace KvmPve.Security
{
    /// <summary>Moves secrets out of <see cref="SecureString"/> only for the moment they are used.</summary>
    public static class SecretText
    {
        /// <summary>The characters of the secret; the caller clears the array when done.</summary>
        public static char[] ToChars(SecureString secret)
        {
            IntPtr ptr = IntPtr.Zero;
            try
            {
                ptr = Marshal.SecureStringToGlobalAllocUnicode(secret);
                var chars = new char[secret.Length];
                Marshal.Copy(ptr, chars, 0, chars.Length);
                return chars;
            }
            finally
            {
                if (ptr != IntPtr.Zero)
                {
                    Marshal.ZeroFreeGlobalAllocUnicode(ptr);
                }
            }
        }

        /// <summary>The secret as a string, for APIs that take nothing else (HTTP headers, form fields).</summary>
        public static string Reveal(SecureString secret)
        {
            char[] chars = ToChars(secret);
            try
            {
                return new string(chars);
            }
            finally
            {
                Array.Clear(chars, 0, chars.Length);
            }
        }

        public static SecureString FromString(string text)
        {
            var secure = new SecureString();
            foreach (char c in text)
            {
                secure.AppendChar(c);
            }

            secure.MakeReadOnly();
            return secure;
        }
    }
}
