using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace KvmPve.Completion
{
    /// <summary>Tab completion results from a list of values, filtered by what was typed (wildcards allowed).</summary>
    internal static class Completions
    {
        public static IEnumerable<CompletionResult> Matching(IEnumerable<string> values, string? typed)
        {
            string word = (typed ?? string.Empty).Trim('\'', '"');
            var pattern = new WildcardPattern(word + "*", WildcardOptions.IgnoreCase);
            return values.Where(pattern.IsMatch).Distinct().OrderBy(v => v).Select(v =>
                new CompletionResult(v.IndexOfAny(new[] { ' ', '$', '\'', '"', ';', '(', ')' }) >= 0 ? "'" + v.Replace("'", "''") + "'" : v, v, CompletionResultType.ParameterValue, v));
        }

        /// <summary>Key names completed as the last key of a chord: "Ctrl+Alt+De" → "Ctrl+Alt+Delete", "ctrl-alt-de" → "ctrl-alt-delete".</summary>
        public static IEnumerable<CompletionResult> Chord(IEnumerable<string> keys, string? typed, char joiner)
        {
            string word = (typed ?? string.Empty).Trim('\'', '"');
            int last = word.LastIndexOf(joiner);
            string prefix = last < 0 ? string.Empty : word.Substring(0, last + 1);
            return Matching(keys.Select(key => prefix + key), word);
        }
    }
}
