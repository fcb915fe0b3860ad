using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Threading;
using KvmPve.Pve;
using KvmPve.Sessions;

namespace KvmPve.Completion
{
    /// <summary>
    /// Invoke-PveApi -Path: the next segments PVE's schema has after what was typed, with live node names for {node}
    /// and the node's VMIDs for {vmid} from the session (at most a couple of seconds; without a session, the names).
    /// </summary>
    public sealed class PveApiPathCompleter : IArgumentCompleter
    {
        private static readonly TimeSpan LiveLimit = TimeSpan.FromSeconds(2);

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            string typed = (wordToComplete ?? string.Empty).Trim('\'', '"').TrimStart('/');
            int cut = typed.LastIndexOf('/');
            string[] before = cut < 0 ? Array.Empty<string>() : typed.Substring(0, cut).Split(new[] { '/' }, StringSplitOptions.RemoveEmptyEntries);
            string prefix = cut < 0 ? string.Empty : typed.Substring(0, cut + 1);
            var values = new List<string>();
            foreach (string next in PveSchema.Embedded.Next(before))
            {
                values.AddRange(Live(next, before, fakeBoundParameters) ?? new[] { next });
            }

            return Completions.Matching(values.Select(v => prefix + v), typed);
        }

        private static IEnumerable<string>? Live(string next, string[] before, IDictionary bound)
        {
            PveSession? session = bound["Session"] as PveSession ?? SessionStore.Current.Of<PveSession>().Default;
            if ((next != "{node}" && next != "{vmid}") || session == null)
            {
                return null;
            }

            try
            {
                using (var limit = new CancellationTokenSource(LiveLimit))
                {
                    if (next == "{node}")
                    {
                        return session.GetNodesAsync(null, _ => { }, limit.Token).GetAwaiter().GetResult().Select(n => n.Name).ToList();
                    }

                    // .../nodes/{node}/{qemu|lxc}/{vmid}: that node's guests of that type.
                    string? node = before.Length >= 3 && before[before.Length - 3] == "nodes" ? before[before.Length - 2] : null;
                    string type = before.Length > 0 ? before[before.Length - 1] : string.Empty;
                    return session.GetVmsAsync(new PveVmQuery(), _ => { }, limit.Token).GetAwaiter().GetResult()
                        .Where(v => (node == null || v.Node == node) && (type != "qemu" || v.Type == PveGuestType.Qemu) && (type != "lxc" || v.Type == PveGuestType.Lxc))
                        .Select(v => v.VmId.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
                }
            }
            catch (Exception ex) when (ex is Errors.KvmPveException || ex is OperationCanceledException)
            {
                return null;
            }
        }
    }

    /// <summary>Invoke-PveApi -Parameter: the parameters PVE's schema gives the method and path typed so far, as @{ name = }.</summary>
    public sealed class PveApiParameterCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            string verb = (fakeBoundParameters["Method"] as string ?? "GET").ToUpperInvariant();
            string path;
            try
            {
                path = PveSession.ApiPath(fakeBoundParameters["Path"] as string ?? string.Empty);
            }
            catch (Errors.KvmPveException)
            {
                return Enumerable.Empty<CompletionResult>();
            }

            if (!(PveSchema.Embedded.Match(path, out Dictionary<string, string> pathValues) is PveSchemaEndpoint endpoint) || !endpoint.Methods.TryGetValue(verb, out PveSchemaMethod? method))
            {
                return Enumerable.Empty<CompletionResult>();
            }

            string typed = (wordToComplete ?? string.Empty).TrimStart('@', '{', ' ');
            return method.ParameterNames.Where(n => !pathValues.ContainsKey(n))
                .Select(n => n.EndsWith("[n]", StringComparison.Ordinal) ? n.Substring(0, n.Length - 3) + "0" : n)
                .Where(n => n.StartsWith(typed, StringComparison.OrdinalIgnoreCase))
                .OrderBy(n => method.IsOptional(n) ? 1 : 0).ThenBy(n => n, StringComparer.Ordinal)
                .Select(n => new CompletionResult($"@{{ {n} = }}", n, CompletionResultType.ParameterValue, method.IsOptional(n) ? n : n + " (required)"));
        }
    }
}
