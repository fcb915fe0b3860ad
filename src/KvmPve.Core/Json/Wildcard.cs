using System.Text;
using System.Text.RegularExpressions;

namespace KvmPve.Json
{
    /// <summary>PowerShell-style wildcards (*, ?, [abc]; case-insensitive) for Core, which has no WildcardPattern.</summary>
    public static class Wildcard
    {
        public static bool HasWildcards(string pattern) => pattern.IndexOfAny(new[] { '*', '?', '[' }) >= 0;

        public static bool IsMatch(string? text, string pattern)
        {
            var regex = new StringBuilder("^");
            foreach (char c in pattern)
            {
                regex.Append(c switch
                {
                    '*' => ".*",
                    '?' => ".",
                    '[' => "[",
                    ']' => "]",
                    _ => Regex.Escape(c.ToString()),
                });
            }

            return Regex.IsMatch(text ?? string.Empty, regex.Append('$').ToString(), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        }
    }
}
