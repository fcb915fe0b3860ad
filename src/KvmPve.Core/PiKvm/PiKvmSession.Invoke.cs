using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using KvmPve.Errors;
using KvmPve.Json;
using KvmPve.Transport;

namespace KvmPve
{
    public sealed partial class PiKvmSession
    {
        private static readonly string[] Methods = { "GET", "POST", "PUT", "DELETE", "PATCH" };

        /// <summary>
        /// Any kvmd endpoint with this session's auth, TLS and error handling. Returns the envelope's result as objects,
        /// other JSON whole (Redfish), text as a string, anything else as bytes.
        /// </summary>
        internal async Task<object?> InvokeAsync(string method, string path, IDictionary? query, object? body, CancellationToken cancellationToken)
        {
            var httpMethod = new HttpMethod(CheckMethod(method));
            string apiPath = ApiPath(path);
            List<KeyValuePair<string, string>>? parameters = query == null ? null : QueryString.Pairs(query, listsAsRepeatedKeys: false);
            Func<HttpContent>? content = body == null ? null : () => ContentOf(body);
            EnsureOpen();
            using (HttpResponseMessage response = await Client.SendAsync(httpMethod, apiPath, parameters, content, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false))
            {
                byte[] bytes = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
                string? mediaType = response.Content.Headers.ContentType?.MediaType;
                if (mediaType != null && mediaType.EndsWith("json", StringComparison.OrdinalIgnoreCase))
                {
                    using (JsonDocument document = JsonDocument.Parse(bytes))
                    {
                        JsonElement root = document.RootElement;
                        bool envelope = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("ok", out _) && root.TryGetProperty("result", out _);
                        return JsonTree.ToObject(envelope ? root.GetProperty("result") : root, Client.Build);
                    }
                }

                if (mediaType != null && mediaType.StartsWith("text/", StringComparison.OrdinalIgnoreCase))
                {
                    return Encoding.UTF8.GetString(bytes);
                }

                return bytes;
            }
        }

        private static string CheckMethod(string method)
        {
            string upper = (method ?? string.Empty).Trim().ToUpperInvariant();
            if (!Methods.Contains(upper))
            {
                throw KvmPveException.Invalid("PiKvmInvalidMethod", $"'{method}' is not an HTTP method kvmd uses. Valid methods: Get, Post, Put, Delete, Patch.");
            }

            return upper;
        }

        /// <summary><c>info</c>, <c>/info</c> and <c>/api/info</c> all name <c>/api/info</c>; a full URL is refused (the session names the server).</summary>
        internal static string ApiPath(string path)
        {
            string text = (path ?? string.Empty).Trim();
            if (text.Length == 0 || text.IndexOf("://", StringComparison.Ordinal) >= 0 || text.IndexOfAny(new[] { '?', '#', ' ' }) >= 0 || text.Contains(".."))
            {
                throw KvmPveException.Invalid("PiKvmInvalidPath",
                    $"'{path}' is not an API path. Give the path under /api without host or query, for example 'atx' or '/api/atx', and put parameters in -Query.");
            }

            text = text.TrimStart('/');
            return text.StartsWith("api/", StringComparison.OrdinalIgnoreCase) ? "/" + text : "/api/" + text;
        }

        private static HttpContent ContentOf(object body)
        {
            switch (body)
            {
                case string text:
                    return new StringContent(text, Encoding.UTF8, "text/plain");
                case byte[] bytes:
                    return new ByteArrayContent(bytes);
                case IDictionary form:
                    return new FormUrlEncodedContent(QueryString.Pairs(form, listsAsRepeatedKeys: false));
                default:
                    throw KvmPveException.Invalid("PiKvmInvalidBody",
                        $"A body of type {body.GetType().FullName} cannot be sent. Give a string (sent as text), a byte array (sent raw) or a hashtable (sent as a form).");
            }
        }
    }
}
