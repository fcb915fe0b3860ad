using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace KvmPve.Completion
{
    /// <summary>Offers the sections of GET /api/info.</summary>
    public sealed class PiKvmInfoFieldCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
            Completions.Matching(PiKvmInfoFields.All, wordToComplete);
    }
}
