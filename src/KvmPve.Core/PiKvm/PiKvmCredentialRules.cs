using System;
using System.Security;
using System.Text.RegularExpressions;
using KvmPve.Errors;
using KvmPve.Security;

namespace KvmPve.PiKvm
{
    /// <summary>kvmd's own rules for user names and passwords, checked before anything is sent.</summary>
    internal static class PiKvmCredentialRules
    {
        private static readonly Regex UserPattern = new Regex("^[a-z_]([a-z0-9@._-]*[a-z0-9_-])?$", RegexOptions.CultureInvariant);

        public static void Check(string userName, SecureString password, PiKvmAuthMode mode)
        {
            if (string.IsNullOrWhiteSpace(userName))
            {
                throw KvmPveException.Invalid("PiKvmInvalidUserName", "The user name is empty. Give the PiKVM user, for example: -Credential admin");
            }

            if (!UserPattern.IsMatch(userName))
            {
                throw KvmPveException.Invalid("PiKvmInvalidUserName",
                    $"The user name '{userName}' is not a valid PiKVM user name: it must start with a lower-case letter or '_' and contain only a-z, 0-9, '@', '.', '_' and '-'.");
            }

            char[] chars = SecretText.ToChars(password);
            try
            {
                foreach (char c in chars)
                {
                    if (c < 0x20 || c > 0x7e)
                    {
                        throw KvmPveException.Invalid("PiKvmInvalidPassword", "The password contains a character kvmd refuses: only printable ASCII characters (space to '~') are allowed.");
                    }

                    if (c == ':' && mode == PiKvmAuthMode.Basic)
                    {
                        throw KvmPveException.Invalid("PiKvmInvalidPassword", "The password contains ':', which HTTP Basic cannot carry to kvmd. Use -AuthMode Session or Header.");
                    }
                }
            }
            finally
            {
                Array.Clear(chars, 0, chars.Length);
            }
        }
    }
}
