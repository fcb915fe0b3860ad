using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using KvmPve.Errors;
using KvmPve.Json;
using KvmPve.Security;
using KvmPve.Time;
using KvmPve.Transport;

namespace KvmPve.Pve
{
    /// <summary>
    /// The PVE API for one session: its auth provider (ticket or token), the 401 rule, parameter encoding and PVE's
    /// errors. Endpoint families are built on <see cref="RequestAsync"/>.
    /// </summary>
    internal sealed class PveClient : IDisposable
    {
        public const string ApiRoot = "/api2/json";

        private readonly IPveAuth _auth;
        private string? _clusterName;

        private PveClient(HttpTransport transport, IPveAuth auth, PveConnectOptions options)
        {
            Transport = transport;
            _auth = auth;
            Build = options.ObjectBuilder;
            Clock = options.Clock;
        }

        public HttpTransport Transport { get; }

        /// <summary>user@realm, or user@realm!tokenid for a token.</summary>
        public string UserName => _auth.UserName;

        public PveAuthMethod AuthMethod => _auth.Method;

        public ObjectBuilder Build { get; }

        public Clock Clock { get; }

        public string? ClusterName => _auth.ClusterName ?? _clusterName;

        /// <summary>When the current ticket was issued (null for tokens).</summary>
        public DateTimeOffset? TicketIssuedAt => _auth.IssuedAt;

        public static async Task<PveClient> ConnectAsync(PveConnectOptions options, CancellationToken cancellationToken)
        {
            ServerAddress server = ServerAddress.Parse(options.Server, options.Port ?? PveConnectOptions.DefaultPort);
            bool token = options.AuthMethod == PveAuthMethod.ApiToken;
            string user = token ? PveCredentialRules.TokenId(options.UserName) : PveCredentialRules.UserId(options.UserName, options.Realm);
            TotpCodeSource.Check(options.TotpSecret, "PveInvalidTotpSecret");
            var transport = new HttpTransport(server, new TlsPolicy(options.SkipCertificateCheck, options.CertificateThumbprint), options.Timeout, "Pve");
            IPveAuth auth = token ? new PveTokenAuth(user, options.Password) : (IPveAuth)new PveTicketAuth(transport, user, options);
            var client = new PveClient(transport, auth, options);
            try
            {
                await auth.StartAsync(cancellationToken).ConfigureAwait(false);
                if (token)
                {
                    // Proves the token, and names the cluster when the token may read it.
                    await client.RequestAsync(HttpMethod.Get, "/version", null, cancellationToken).ConfigureAwait(false);
                    client._clusterName = await client.ClusterNameAsync(cancellationToken).ConfigureAwait(false);
                }
            }
            catch
            {
                client.Dispose();
                throw;
            }

            return client;
        }

        /// <summary>
        /// One API call; returns <c>data</c>. A 401 that fresh credentials can answer logs in again once and repeats
        /// the call only for GET: anything else might act twice, so it is reported instead.
        /// </summary>
        public async Task<JsonElement> RequestAsync(HttpMethod method, string path, IReadOnlyList<KeyValuePair<string, string>>? parameters, CancellationToken cancellationToken)
        {
            await _auth.PrepareAsync(cancellationToken).ConfigureAwait(false);
            await BeforeChangeAsync(method, path, parameters, cancellationToken).ConfigureAwait(false);
            for (int attempt = 0; ; attempt++)
            {
                using (HttpRequestMessage request = Create(method, path, parameters))
                {
                    object? used = _auth.Apply(request, method);
                    using (HttpResponseMessage response = await Transport.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false))
                    {
                        if (response.IsSuccessStatusCode)
                        {
                            return await DataOfAsync(response, Transport.Server.Display, method.Method, path).ConfigureAwait(false);
                        }

                        if (response.StatusCode == HttpStatusCode.Unauthorized && attempt == 0 && await _auth.RefreshAsync(used, cancellationToken).ConfigureAwait(false))
                        {
                            if (method == HttpMethod.Get)
                            {
                                RequestLog.Write("The ticket was refused; logged in again, repeating the GET once.");
                                continue;
                            }

                            throw new KvmPveException(ErrorKind.AuthenticationError, "PveTicketRefused",
                                $"Proxmox VE {Transport.Server.Display} refused the session's ticket for {method.Method} {path} (401 {response.ReasonPhrase}). "
                                + "The request was not repeated because it may change state; the session has logged in again, so run the command again.", 401);
                        }

                        throw await PveErrors.FromResponseAsync(response, Transport.Server.Display, method.Method, path, UserName).ConfigureAwait(false);
                    }
                }
            }
        }

        /// <summary>
        /// A WebSocket to <paramref name="path"/> (vncwebsocket) with the session's auth (ticket cookie or token header:
        /// pve-http-server authenticates the upgrade like any GET) and TLS policy, asking for <paramref name="subProtocol"/>.
        /// </summary>
        public async Task<System.Net.WebSockets.ClientWebSocket> ConnectWebSocketAsync(string path, IReadOnlyList<KeyValuePair<string, string>> parameters, string subProtocol, CancellationToken cancellationToken)
        {
            await _auth.PrepareAsync(cancellationToken).ConfigureAwait(false);
            var socket = new System.Net.WebSockets.ClientWebSocket();
            using (var request = new HttpRequestMessage(HttpMethod.Get, ApiRoot + path))
            {
                _auth.Apply(request, HttpMethod.Get);
                foreach (KeyValuePair<string, IEnumerable<string>> header in request.Headers)
                {
                    socket.Options.SetRequestHeader(header.Key, string.Join(", ", header.Value));
                }
            }

            socket.Options.AddSubProtocol(subProtocol);
            var uri = new Uri(Transport.Server.BaseUri, QueryString.Append(ApiRoot + path, parameters));
            await WebSocketConnect.ConnectAsync(Transport, socket, uri, reason => new KvmPveException(ErrorKind.ConnectionError, "PveWebSocketFailed",
                $"Proxmox VE {Transport.Server.Display} did not open the WebSocket {path}: {reason}."), cancellationToken).ConfigureAwait(false);
            return socket;
        }

        /// <summary>
        /// One call with a body of its own (an upload), without the session timeout: <paramref name="cancellationToken"/>
        /// ends it (an idle watchdog, Ctrl+C). Never repeated, whatever the answer.
        /// </summary>
        public async Task<JsonElement> SendContentAsync(HttpMethod method, string path, HttpContent content, CancellationToken cancellationToken)
        {
            await _auth.PrepareAsync(cancellationToken).ConfigureAwait(false);
            await BeforeChangeAsync(method, path, null, cancellationToken).ConfigureAwait(false);
            using (var request = new HttpRequestMessage(method, ApiRoot + path) { Content = content })
            {
                _auth.Apply(request, method);
                using (HttpResponseMessage response = await Transport.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken, unlimited: true).ConfigureAwait(false))
                {
                    if (response.IsSuccessStatusCode)
                    {
                        return await DataOfAsync(response, Transport.Server.Display, method.Method, path).ConfigureAwait(false);
                    }

                    throw await PveErrors.FromResponseAsync(response, Transport.Server.Display, method.Method, path, UserName).ConfigureAwait(false);
                }
            }
        }

        /// <summary>What runs before a request that may change something (the session's permission preflight); it throws to stop it.</summary>
        internal Func<HttpMethod, string, IReadOnlyList<KeyValuePair<string, string>>?, CancellationToken, Task>? BeforeChange { get; set; }

        public void Dispose() => Transport.Dispose();

        private Task BeforeChangeAsync(HttpMethod method, string path, IReadOnlyList<KeyValuePair<string, string>>? parameters, CancellationToken cancellationToken) =>
            method == HttpMethod.Get || BeforeChange == null ? Task.CompletedTask : BeforeChange(method, path, parameters, cancellationToken);

        /// <summary>The <c>data</c> of a PVE answer, or an InvalidResult error when the answer is not PVE's JSON.</summary>
        internal static async Task<JsonElement> DataOfAsync(HttpResponseMessage response, string server, string method, string path)
        {
            byte[] body = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
            if (JsonTree.TryMember(body, "data", out JsonElement data))
            {
                return data;
            }

            throw new KvmPveException(ErrorKind.InvalidResult, "PveInvalidResponse",
                $"Proxmox VE {server} answered {method} {path} with something that is not PVE's JSON. Is this the PVE API port (8006)?");
        }

        private static HttpRequestMessage Create(HttpMethod method, string path, IReadOnlyList<KeyValuePair<string, string>>? parameters)
        {
            string target = ApiRoot + path;
            if (method == HttpMethod.Get)
            {
                return new HttpRequestMessage(method, QueryString.Append(target, parameters == null || parameters.Count == 0 ? null : parameters));
            }

            // Always a body, even empty: HttpClient never silently resends a request that has one. DELETE's parameters
            // travel in the query string (PVE reads them there) beside an empty body.
            if (method == HttpMethod.Delete)
            {
                return new HttpRequestMessage(method, QueryString.Append(target, parameters == null || parameters.Count == 0 ? null : parameters)) { Content = new FormUrlEncodedContent(Array.Empty<KeyValuePair<string, string>>()) };
            }

            return new HttpRequestMessage(method, target) { Content = new FormUrlEncodedContent(parameters ?? Array.Empty<KeyValuePair<string, string>>()) };
        }

        private async Task<string?> ClusterNameAsync(CancellationToken cancellationToken)
        {
            try
            {
                JsonElement status = await RequestAsync(HttpMethod.Get, "/cluster/status", null, cancellationToken).ConfigureAwait(false);
                foreach (JsonElement entry in status.EnumerateArray())
                {
                    if (JsonTree.String(entry, "type") == "cluster")
                    {
                        return JsonTree.String(entry, "name");
                    }
                }
            }
            catch (KvmPveException ex) when (ex.Kind == ErrorKind.PermissionDenied)
            {
                // A token without Sys.Audit still works; the cluster name is only informative.
            }

            return null;
        }
    }
}
