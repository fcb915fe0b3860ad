using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using KvmPve.Sessions;

namespace KvmPve.Completion
{
    /// <summary>Offers the servers of this runspace's PiKVM sessions.</summary>
    public sealed class PiKvmServerCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
            Completions.Matching(SessionStore.Current.PiKvm.Snapshot().Select(s => s.Server.IsDefaultPort ? s.Server.Host : s.Server.Host + ":" + s.Server.Port), wordToComplete);
    }
}
