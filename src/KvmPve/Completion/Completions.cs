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
    }
}
