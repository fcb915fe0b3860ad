using System.Collections.Generic;
using System.Net.Http;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using KvmPve.Errors;
using KvmPve.Transport;

namespace KvmPve.Pve
{
    /// <summary>
    /// PVE's errors with the server's own text: the status line (older servers put it only there), "message", and
    /// the per-parameter "errors" of a 400.
    /// </summary>
    internal static class PveErrors
    {
        private static readonly Regex PermissionCheck = new Regex("Permission check failed \\(([^,)]+), ([^)]+)\\)", RegexOptions.CultureInvariant);

        /// <summary>For an API token refused on a path: the usual cause (privilege separation) and the grant that mends it.</summary>
        internal static string TokenAdvice(string user, string path) => user.IndexOf('!') >= 0
            ? $" {user} is an API token: with privilege separation it holds only what was granted to the token itself, not its user's privileges (pveum acl modify {path} --tokens '{user}' --roles <role>)."
            : string.Empty;

        /// <summary>PVE's error as an exception; <paramref name="user"/> (user@realm or a token id) makes a 403's message say who lacks what.</summary>
        public static async Task<KvmPveException> FromResponseAsync(HttpResponseMessage response, string server, string method, string path, string? user = null)
        {
            int status = (int)response.StatusCode;
            string body = await HttpErrors.ReadTextAsync(response).ConfigureAwait(false);
            string detail = Detail(response.ReasonPhrase, body);
            ErrorKind kind = HttpErrors.KindFor(status);
            string id = "Pve" + HttpErrors.IdSuffixFor(status);
            string advice = string.Empty;
            switch (status)
            {
                case 401:
                    advice = " Connect again with Connect-Pve.";
                    break;
                case 403 when user != null && PermissionCheck.Match(detail) is Match check && check.Success:
                    advice = $" {user} lacks {check.Groups[2].Value.Replace("|", " or ")} on {check.Groups[1].Value}."
                        + TokenAdvice(user, check.Groups[1].Value);
                    break;
                case 501:
                    kind = ErrorKind.InvalidOperation;
                    id = "PveNotImplemented";
                    break;
                case 595:
                case 596:
                    kind = ErrorKind.ConnectionError;
                    id = "PveNodeUnreachable";
                    advice = " The cluster could not reach the node that serves this request; it may be offline.";
                    break;
            }

            return new KvmPveException(kind, id, $"Proxmox VE {server} answered {status} to {method} {path}: {detail}{advice}", status);
        }

        internal static string Detail(string? reason, string body)
        {
            string? message = null;
            var parameters = new List<string>();
            if (body.Length > 0 && body[0] == '{')
            {
                try
                {
                    using (JsonDocument document = JsonDocument.Parse(body))
                    {
                        JsonElement root = document.RootElement;
                        if (root.TryGetProperty("message", out JsonElement m) && m.ValueKind == JsonValueKind.String)
                        {
                            message = m.GetString()!.Trim();
                        }

                        if (root.TryGetProperty("errors", out JsonElement errors) && errors.ValueKind == JsonValueKind.Object)
                        {
                            foreach (JsonProperty error in errors.EnumerateObject())
                            {
                                parameters.Add($"{error.Name}: {error.Value.ToString().Trim().Replace("\n", "; ")}");
                            }
                        }
                    }
                }
                catch (JsonException)
                {
                    // Not JSON: the status line says it all.
                }
            }

            string text = string.IsNullOrEmpty(message) ? (reason ?? string.Empty).Trim() : message!;
            return parameters.Count == 0 ? text : $"{text} ({string.Join("; ", parameters)})";
        }
    }
}
