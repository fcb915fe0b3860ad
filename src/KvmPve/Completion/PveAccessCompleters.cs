using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using KvmPve.Pve;

namespace KvmPve.Completion
{
    /// <summary>The privileges PVE's schema names in its permission checks.</summary>
    public sealed class PvePrivilegeCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
            Completions.Matching(PvePermissionCheck.Privileges(PveSchema.Embedded), wordToComplete);
    }

    /// <summary>The cmdlets Test-PvePermission -Command knows the requests of.</summary>
    public sealed class PveCommandCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
            Completions.Matching(PveCommandRequests.Commands, wordToComplete);
    }
}
