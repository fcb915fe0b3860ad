using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace KvmPve.Completion
{
    /// <summary>Offers QEMU's key names, completing the last key of a chord: "ctrl-alt-de" → "ctrl-alt-delete".</summary>
    public sealed class PveVmKeyCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            return Completions.Chord(PveVmKeys.QemuNames.OrderBy(n => n, System.StringComparer.Ordinal), wordToComplete, '-');
        }
    }
}
