using System.Text.RegularExpressions;
using KvmPve.Errors;

namespace KvmPve.Pve
{
    /// <summary>User and token names as PVE spells them, checked before anything is sent.</summary>
    internal static class PveCredentialRules
    {
        private static readonly Regex TokenPattern = new Regex(@"^[^\s@!:]+@[A-Za-z][A-Za-z0-9.\-_]*![A-Za-z][A-Za-z0-9.\-_]*$", RegexOptions.CultureInvariant);
        private static readonly Regex RealmPattern = new Regex(@"^[A-Za-z][A-Za-z0-9.\-_]*$", RegexOptions.CultureInvariant);

        /// <summary><c>user@realm</c>: the realm from the name, else <paramref name="realm"/>, else pam.</summary>
        public static string UserId(string userName, string? realm)
        {
            string name = (userName ?? string.Empty).Trim();
            if (name.Length == 0 || name.IndexOfAny(new[] { ' ', ':', '!' }) >= 0)
            {
                throw KvmPveException.Invalid("PveInvalidUserName",
                    $"The user name '{name}' is not valid. Give user or user@realm, for example root@pam; use -ApiToken for a token id.");
            }

            if (name.IndexOf('@') >= 0)
            {
                return name;
            }

            string chosen = string.IsNullOrEmpty(realm) ? "pam" : realm!;
            if (!RealmPattern.IsMatch(chosen))
            {
                throw KvmPveException.Invalid("PveInvalidRealm", $"The realm '{chosen}' is not valid: for example pam, pve or an LDAP realm's name.");
            }

            return name + "@" + chosen;
        }

        public static string TokenId(string userName)
        {
            string name = (userName ?? string.Empty).Trim();
            if (!TokenPattern.IsMatch(name))
            {
                throw KvmPveException.Invalid("PveInvalidTokenId",
                    $"The API token id '{name}' is not valid. Give it as user@realm!tokenid (for example automation@pve!runbook) in -ApiToken's user name, and the token's secret as its password.");
            }

            return name;
        }
    }
}
