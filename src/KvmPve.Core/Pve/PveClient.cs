using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Security;
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
    /// The PVE API for one session: ticket (with TFA, renewal and CSRF) or API token authentication, the 401 rule,
    /// parameter encoding and PVE's errors. Endpoint families are built on <see cref="RequestAsync"/>.
    /// </summary>
    internal sealed class PveClient : IDisposable
    {
        public const string ApiRoot = "/api2/json";

        /// <summary>Tickets live 2 hours; renewing at half-life leaves room for clock skew and long pauses.</summary>
        public static readonly TimeSpan RenewAfter = TimeSpan.FromHours(1);

        private readonly SecureString _secret;
        private readonly TotpCodeSource? _totp;
        private readonly Clock _clock;
        private readonly SemaphoreSlim _login = new SemaphoreSlim(1, 1);
        private string? _otp;
        private Ticket? _ticket;

        private PveClient(HttpTransport transport, PveConnectOptions options, string userName)
        {
            Transport = transport;
            UserName = userName;
            AuthMethod = options.AuthMethod;
            Build = options.ObjectBuilder;
            _clock = options.Clock;
            _secret = options.Password.Copy();
            _secret.MakeReadOnly();
            _otp = string.IsNullOrWhiteSpace(options.Otp) ? null : options.Otp!.Trim();
            _totp = options.TotpSecret == null ? null : new TotpCodeSource(options.TotpSecret, options.Clock);
        }

        public HttpTransport Transport { get; }

        /// <summary>user@realm, or user@realm!tokenid for a token.</summary>
        public string UserName { get; }

        public PveAuthMethod AuthMethod { get; }

        public ObjectBuilder Build { get; }

        public string? ClusterName { get; private set; }

        public Clock Clock => _clock;

        /// <summary>When the current ticket was issued (null for tokens).</summary>
        public DateTimeOffset? TicketIssuedAt => _ticket?.IssuedAt;

        public static async Task<PveClient> ConnectAsync(PveConnectOptions options, CancellationToken cancellationToken)
        {
            ServerAddress server = ServerAddress.Parse(options.Server, options.Port ?? PveConnectOptions.DefaultPort);
            string user = options.AuthMethod == PveAuthMethod.ApiToken ? PveCredentialRules.TokenId(options.UserName) : PveCredentialRules.UserId(options.UserName, options.Realm);
            TotpCodeSource.Check(options.TotpSecret, "PveInvalidTotpSecret");

            var transport = new HttpTransport(server, new TlsPolicy(options.SkipCertificateCheck, options.CertificateThumbprint), options.Timeout, "Pve");
            var client = new PveClient(transport, options, user);
            try
            {
                if (client.AuthMethod == PveAuthMethod.Ticket)
                {
                    await client.LoginAsync(cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await client.RequestAsync(HttpMethod.Get, "/version", null, cancellationToken).ConfigureAwait(false);
                    client.ClusterName = await client.ClusterNameAsync(cancellationToken).ConfigureAwait(false);
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
        /// One API call; returns <c>data</c>. A 401 on a ticket session logs in afresh once and repeats the call only
        /// for GET: anything else might act twice, so it is reported instead.
        /// </summary>
        public async Task<JsonElement> RequestAsync(HttpMethod method, string path, IReadOnlyList<KeyValuePair<string, string>>? parameters, CancellationToken cancellationToken)
        {
            if (AuthMethod == PveAuthMethod.Ticket && _ticket != null && _clock.UtcNow - _ticket.IssuedAt >= RenewAfter)
            {
                await RenewAsync(_ticket, cancellationToken).ConfigureAwait(false);
            }

            for (int attempt = 0; ; attempt++)
            {
                Ticket? used = _ticket;
                using (HttpRequestMessage request = Create(method, path, parameters))
                {
                    Authorize(request, method, used);
                    using (HttpResponseMessage response = await Transport.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false))
                    {
                        if (response.IsSuccessStatusCode)
                        {
                            return await DataOf(response, method, path).ConfigureAwait(false);
                        }

                        if (response.StatusCode == HttpStatusCode.Unauthorized && AuthMethod == PveAuthMethod.Ticket && attempt == 0)
                        {
                            await FreshLoginAsync(used, cancellationToken).ConfigureAwait(false);
                            if (method == HttpMethod.Get)
                            {
                                RequestLog.Write("The ticket was refused; logged in again, repeating the GET once.");
                                continue;
                            }

                            throw new KvmPveException(ErrorKind.AuthenticationError, "PveTicketRefused",
                                $"Proxmox VE {Transport.Server.Display} refused the session's ticket for {method.Method} {path} (401 {response.ReasonPhrase}). "
                                + "The request was not repeated because it may change state; the session has logged in again, so run the command again.", 401);
                        }

                        throw await PveErrors.FromResponseAsync(response, Transport.Server.Display, method.Method, path).ConfigureAwait(false);
                    }
                }
            }
        }

        public void Dispose()
        {
            Transport.Dispose();
            _login.Dispose();
        }

        private HttpRequestMessage Create(HttpMethod method, string path, IReadOnlyList<KeyValuePair<string, string>>? parameters)
        {
            string target = ApiRoot + path;
            if (method == HttpMethod.Get || method == HttpMethod.Delete)
            {
                return new HttpRequestMessage(method, QueryString.Append(target, parameters == null || parameters.Count == 0 ? null : parameters));
            }

            // Always a body, even empty: HttpClient never silently resends a request that has one.
            return new HttpRequestMessage(method, target) { Content = new FormUrlEncodedContent(parameters ?? Array.Empty<KeyValuePair<string, string>>()) };
        }

        private void Authorize(HttpRequestMessage request, HttpMethod method, Ticket? ticket)
        {
            if (AuthMethod == PveAuthMethod.ApiToken)
            {
                request.Headers.TryAddWithoutValidation("Authorization", "PVEAPIToken=" + UserName + "=" + SecretText.Reveal(_secret));
                return;
            }

            if (ticket != null)
            {
                request.Headers.TryAddWithoutValidation("Cookie", "PVEAuthCookie=" + ticket.Value);
                if (method != HttpMethod.Get)
                {
                    request.Headers.TryAddWithoutValidation("CSRFPreventionToken", ticket.Csrf);
                }
            }
        }

        private async Task<JsonElement> DataOf(HttpResponseMessage response, HttpMethod method, string path)
        {
            byte[] body = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
            if (JsonTree.TryMember(body, "data", out JsonElement data))
            {
                return data;
            }

            throw new KvmPveException(ErrorKind.InvalidResult, "PveInvalidResponse",
                $"Proxmox VE {Transport.Server.Display} answered {method.Method} {path} with something that is not PVE's JSON. Is this the PVE API port (8006)?");
        }

        private async Task LoginAsync(CancellationToken cancellationToken)
        {
            var form = new List<KeyValuePair<string, string>>
            {
                new KeyValuePair<string, string>("username", UserName),
                new KeyValuePair<string, string>("password", SecretText.Reveal(_secret)),
            };
            JsonElement data = await TicketRequestAsync(form, "the password", cancellationToken).ConfigureAwait(false);
            if (data.TryGetProperty("NeedTFA", out JsonElement need) && need.ValueKind == JsonValueKind.Number && need.GetInt32() == 1)
            {
                string answer = await SecondFactorAsync(cancellationToken).ConfigureAwait(false);
                form = new List<KeyValuePair<string, string>>
                {
                    new KeyValuePair<string, string>("username", UserName),
                    new KeyValuePair<string, string>("tfa-challenge", data.GetProperty("ticket").GetString() ?? string.Empty),
                    new KeyValuePair<string, string>("password", answer),
                };
                data = await TicketRequestAsync(form, "the second factor", cancellationToken).ConfigureAwait(false);
            }

            Accept(data);
        }

        private async Task<string> SecondFactorAsync(CancellationToken cancellationToken)
        {
            if (_otp != null)
            {
                // One-time: a later fresh login cannot reuse it.
                string otp = _otp;
                _otp = null;
                return otp.IndexOf(':') >= 0 ? otp : "totp:" + otp;
            }

            if (_totp != null)
            {
                return "totp:" + (await _totp.NextAsync(cancellationToken).ConfigureAwait(false)).Value;
            }

            throw new KvmPveException(ErrorKind.AuthenticationError, "PveTfaRequired",
                $"Proxmox VE {Transport.Server.Display} requires two-factor authentication for '{UserName}'. Add -Otp with the current code, or -TotpSecret with the TOTP secret so every login (renewals included) can answer it.");
        }

        private async Task RenewAsync(Ticket current, CancellationToken cancellationToken)
        {
            await _login.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (!ReferenceEquals(_ticket, current))
                {
                    return;
                }

                var form = new[]
                {
                    new KeyValuePair<string, string>("username", UserName),
                    new KeyValuePair<string, string>("password", current.Value),
                };
                try
                {
                    Accept(await TicketRequestAsync(form, "the current ticket", cancellationToken).ConfigureAwait(false));
                    RequestLog.Write("Renewed the ticket.");
                }
                catch (KvmPveException ex) when (ex.Kind == ErrorKind.AuthenticationError)
                {
                    await LoginAsync(cancellationToken).ConfigureAwait(false);
                }
            }
            finally
            {
                _login.Release();
            }
        }

        private async Task FreshLoginAsync(Ticket? refused, CancellationToken cancellationToken)
        {
            await _login.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (ReferenceEquals(_ticket, refused))
                {
                    await LoginAsync(cancellationToken).ConfigureAwait(false);
                }
            }
            finally
            {
                _login.Release();
            }
        }

        private async Task<JsonElement> TicketRequestAsync(IEnumerable<KeyValuePair<string, string>> form, string what, CancellationToken cancellationToken)
        {
            using (var request = new HttpRequestMessage(HttpMethod.Post, ApiRoot + "/access/ticket") { Content = new FormUrlEncodedContent(form) })
            using (HttpResponseMessage response = await Transport.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false))
            {
                if (response.StatusCode == HttpStatusCode.Unauthorized)
                {
                    throw new KvmPveException(ErrorKind.AuthenticationError, "PveAuthenticationFailed",
                        $"Proxmox VE {Transport.Server.Display} refused the login of '{UserName}' with {what} (401 {response.ReasonPhrase}). Check the user name, realm and password" + (what == "the second factor" ? ", and the TOTP code or secret." : "."), 401);
                }

                if (!response.IsSuccessStatusCode)
                {
                    throw await PveErrors.FromResponseAsync(response, Transport.Server.Display, "POST", "/access/ticket").ConfigureAwait(false);
                }

                return await DataOf(response, HttpMethod.Post, "/access/ticket").ConfigureAwait(false);
            }
        }

        private void Accept(JsonElement data)
        {
            string? ticket = JsonTree.String(data, "ticket");
            string? csrf = JsonTree.String(data, "CSRFPreventionToken");
            if (ticket == null || csrf == null)
            {
                throw new KvmPveException(ErrorKind.InvalidResult, "PveInvalidResponse", $"Proxmox VE {Transport.Server.Display} answered the login without a ticket and CSRF token.");
            }

            // A ticket and its CSRF token only work together: they are replaced as one.
            _ticket = new Ticket(ticket, csrf, _clock.UtcNow);
            ClusterName = JsonTree.String(data, "clustername") ?? ClusterName;
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

        private sealed class Ticket
        {
            public Ticket(string value, string csrf, DateTimeOffset issuedAt)
            {
                Value = value;
                Csrf = csrf;
                IssuedAt = issuedAt;
            }

            public string Value { get; }

            public string Csrf { get; }

            public DateTimeOffset IssuedAt { get; }
        }
    }
}
