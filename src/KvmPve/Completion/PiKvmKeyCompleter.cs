using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace KvmPve.Completion
{
    /// <summary>Offers kvmd's key codes (the friendly names are accepted too, but the codes are what completion lists).</summary>
    public sealed class PiKvmKeyCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            return Completions.Chord(PiKvmKeys.Codes, wordToComplete, '+');
        }
    }
}
