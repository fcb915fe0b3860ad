using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace KvmPve.Completion
{
    /// <summary>Offers kvmd's key codes (the friendly names are accepted too, but the codes are what completion lists).</summary>
    public sealed class PiKvmKeyCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            // Complete the last key of a chord: "Ctrl+Alt+De" → "Ctrl+Alt+Delete".
            string word = (wordToComplete ?? string.Empty).Trim('\'', '"');
            int plus = word.LastIndexOf('+');
            string prefix = plus < 0 ? string.Empty : word.Substring(0, plus + 1);
            return Completions.Matching(PiKvmKeys.Codes.Select(code => prefix + code), word);
        }
    }
}
