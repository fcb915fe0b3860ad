using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace KvmPve.Json
{
    /// <summary>PowerShell-style wildcards (*, ?, [abc]; case-insensitive) for Core, which has no WildcardPattern.</summary>
    public static class Wildcard
    {
        /// <summary>
        /// The items whose name matches any pattern (all items without patterns). A pattern without wildcards that matches
        /// no item is handed to <paramref name="missing"/>, so "Get-X name" can say what it did not find.
        /// </summary>
        public static List<T> Select<T>(IEnumerable<T> items, IReadOnlyList<string>? patterns, Func<T, string?> name, Action<string> missing)
        {
            List<T> all = items.ToList();
            if (patterns == null || patterns.Count == 0)
            {
                return all;
            }

            foreach (string pattern in patterns.Where(p => !HasWildcards(p) && !all.Any(i => IsMatch(name(i), p))))
            {
                missing(pattern);
            }

            return all.Where(i => patterns.Any(p => IsMatch(name(i), p))).ToList();
        }

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
