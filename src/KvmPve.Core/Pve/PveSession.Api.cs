using System.Collections.Generic;
using System;
using System.Collections;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using KvmPve.Errors;
using KvmPve.Json;
using KvmPve.Pve;
using KvmPve.Transport;

namespace KvmPve
{
    public sealed partial class PveSession
    {
        private static readonly string[] Methods = { "GET", "POST", "PUT", "DELETE" };

        internal async Task<IReadOnlyList<PveClusterStatus>> GetClusterStatusAsync(CancellationToken cancellationToken)
        {
            EnsureOpen();
            JsonElement data = await Client.RequestAsync(HttpMethod.Get, "/cluster/status", null, cancellationToken).ConfigureAwait(false);
            return PveClusterStatus.ListFrom(data, this);
        }

        internal async Task<PveVersion> GetVersionAsync(CancellationToken cancellationToken)
        {
            EnsureOpen();
            JsonElement data = await Client.RequestAsync(HttpMethod.Get, "/version", null, cancellationToken).ConfigureAwait(false);
            return PveVersion.From(data, this);
        }

        /// <summary>
        /// Any API path with this session's auth, TLS and error handling; returns <c>data</c> as objects. Unless
        /// <paramref name="skipSchemaCheck"/>, path, method and parameters are checked against PVE's schema first.
        /// </summary>
        internal async Task<object?> InvokeAsync(string method, string path, IDictionary? parameters, CancellationToken cancellationToken, bool skipSchemaCheck = false)
        {
            string verb = (method ?? string.Empty).Trim().ToUpperInvariant();
            if (!Methods.Contains(verb))
            {
                throw KvmPveException.Invalid("PveInvalidMethod", $"'{method}' is not a method of the PVE API. Valid methods: Get, Post, Put, Delete.");
            }

            string apiPath = ApiPath(path);
            // Booleans travel as 1/0 and arrays as repeated keys, as PVE reads them; ';' is percent-encoded like every delimiter.
            var pairs = QueryString.Pairs(parameters, listsAsRepeatedKeys: true);
            if (!skipSchemaCheck)
            {
                PveApiCheck.Check(verb, apiPath, pairs);
            }

            EnsureOpen();
            JsonElement data = await Client.RequestAsync(new HttpMethod(verb), apiPath, pairs, cancellationToken).ConfigureAwait(false);
            return JsonTree.ToObject(data, Client.Build);
        }

        /// <summary><c>nodes</c>, <c>/nodes</c> and <c>/api2/json/nodes</c> all name <c>/nodes</c>; a URL or query string is refused.</summary>
        internal static string ApiPath(string path)
        {
            string text = (path ?? string.Empty).Trim();
            if (text.Length == 0 || text.IndexOf("://", StringComparison.Ordinal) >= 0 || text.IndexOfAny(new[] { '?', '#', ' ' }) >= 0 || text.Contains(".."))
            {
                throw KvmPveException.Invalid("PveInvalidPath",
                    $"'{path}' is not an API path. Give the path under /api2/json without host or query, for example 'nodes' or '/cluster/resources', and put parameters in -Parameter.");
            }

            text = "/" + text.Trim('/');
            return text.StartsWith(PveClient.ApiRoot + "/", StringComparison.OrdinalIgnoreCase) ? text.Substring(PveClient.ApiRoot.Length) : text;
        }
    }
}
