using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using KvmPve.Sessions;

namespace KvmPve.Completion
{
    /// <summary>Offers the servers of this runspace's sessions of the command's kind (PiKVM or Proxmox VE).</summary>
    public sealed class ServerCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            RunspaceSessions sessions = SessionStore.Current;
            IEnumerable<KvmPveSession> open = commandName.EndsWith("Pve", StringComparison.OrdinalIgnoreCase)
                ? sessions.Of<PveSession>().Snapshot()
                : (IEnumerable<KvmPveSession>)sessions.Of<PiKvmSession>().Snapshot();
            return Completions.Matching(open.Select(s => s.Server.IsDefaultPort ? s.Server.Host : s.Server.Host + ":" + s.Server.Port), wordToComplete);
        }
    }
}
