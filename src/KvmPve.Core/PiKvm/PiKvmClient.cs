using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Security;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using KvmPve.Errors;
using KvmPve.Json;
using KvmPve.Security;
using KvmPve.Transport;

namespace KvmPve.PiKvm
{
    /// <summary>
    /// kvmd's HTTP API for one session: authentication in the chosen mode (with TOTP when set), the envelope and
    /// kvmd's errors. Endpoint families (info, log, …) are built on <see cref="SendAsync"/> and <see cref="GetResultAsync"/>.
    /// </summary>
    internal sealed class PiKvmClient : IDisposable
    {
        private const string CookieName = "auth_token";
        private readonly SecureString _password;
        private readonly TotpCodeSource? _totp;
        private readonly TimeSpan? _expire;
        private string? _token;

        private PiKvmClient(HttpTransport transport, PiKvmConnectOptions options)
        {
            Transport = transport;
            UserName = options.UserName;
            AuthMode = options.AuthMode;
            Build = options.ObjectBuilder;
            _password = options.Password.Copy();
            _password.MakeReadOnly();
            _totp = options.TotpSecret == null ? null : new TotpCodeSource(options.TotpSecret, options.Clock);
            _expire = options.Expire;
        }

        public HttpTransport Transport { get; }

        public string UserName { get; }

        public PiKvmAuthMode AuthMode { get; }

        public bool TwoFactor => _totp != null;

        public ObjectBuilder Build { get; }

        /// <summary>Checks every input, then the credentials (login, or <c>/api/auth/check</c>).</summary>
        public static async Task<PiKvmClient> ConnectAsync(PiKvmConnectOptions options, CancellationToken cancellationToken)
        {
            ServerAddress server = ServerAddress.Parse(options.Server);
            PiKvmCredentialRules.Check(options.UserName, options.Password, options.AuthMode);
            if (options.Expire is TimeSpan expire && (options.AuthMode != PiKvmAuthMode.Session || expire < TimeSpan.FromSeconds(1)))
            {
                throw KvmPveException.Invalid("PiKvmInvalidExpire", options.AuthMode != PiKvmAuthMode.Session
                    ? "-Expire limits a session cookie's life: it needs -AuthMode Session (the default)."
                    : $"-Expire {expire} is not a session's life: give one second or more, such as (New-TimeSpan -Hours 8).");
            }

            TotpCodeSource.Check(options.TotpSecret, "PiKvmInvalidTotpSecret");

            var transport = new HttpTransport(server, new TlsPolicy(options.SkipCertificateCheck, options.CertificateThumbprint), options.Timeout, "PiKvm");
            var client = new PiKvmClient(transport, options);
            try
            {
                if (client.AuthMode == PiKvmAuthMode.Session)
                {
                    await client.LoginAsync(cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    (await client.SendAsync(HttpMethod.Get, "/api/auth/check", null, null, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false)).Dispose();
                }
            }
            catch
            {
                client.Dispose();
                throw;
            }

            return client;
        }

        /// <summary>Ends the cookie session on the PiKVM (kvmd ends every session of that user).</summary>
        public async Task LogoutAsync(CancellationToken cancellationToken)
        {
            if (AuthMode == PiKvmAuthMode.Session && !string.IsNullOrEmpty(_token))
            {
                try
                {
                    (await SendAsync(HttpMethod.Post, "/api/auth/logout", null, null, HttpCompletionOption.ResponseContentRead, cancellationToken, retryAuth: false).ConfigureAwait(false)).Dispose();
                }
                catch (KvmPveException ex) when (ex.StatusCode == 401 || ex.StatusCode == 403)
                {
                    // Already ended: a logout of another session of this user ends them all (kvmd), so this one is gone too.
                    RequestLog.Write("The PiKVM had already ended this session.");
                }

                _token = null;
            }
        }

        /// <summary>The <c>result</c> of a JSON envelope, detached from its document.</summary>
        public async Task<JsonElement> GetResultAsync(HttpMethod method, string path, IEnumerable<KeyValuePair<string, string>>? query, CancellationToken cancellationToken)
        {
            using (HttpResponseMessage response = await SendAsync(method, path, query, null, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false))
            {
                byte[] body = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
                return ResultOf(body, method, path);
            }
        }

        internal JsonElement ResultOf(byte[] body, HttpMethod method, string path)
        {
            if (JsonTree.TryMember(body, "result", out JsonElement result))
            {
                return result;
            }

            throw new KvmPveException(ErrorKind.InvalidResult, "PiKvmInvalidResponse",
                $"PiKVM {Transport.Server.Display} answered {method} {path} with something that is not kvmd's JSON envelope. Is this a PiKVM?");
        }

        /// <summary>
        /// Sends one request with this session's credentials. A 403 that may be an expired code or a session ended
        /// elsewhere is retried once: kvmd refuses before acting, so a retry cannot repeat an action.
        /// </summary>
        public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, IEnumerable<KeyValuePair<string, string>>? query,
            Func<HttpContent>? content, HttpCompletionOption completion, CancellationToken cancellationToken, bool retryAuth = true, bool unlimited = false)
        {
            string target = QueryString.Append(path, query);
            for (int attempt = 0; ; attempt++)
            {
                if (AuthMode == PiKvmAuthMode.Session && _token == null)
                {
                    await LoginAsync(cancellationToken).ConfigureAwait(false);
                }

                using (var request = new HttpRequestMessage(method, target))
                {
                    // Every state-changing request carries a body, even empty, so HttpClient never resends it by itself.
                    request.Content = content?.Invoke() ?? (method == HttpMethod.Get ? null : new ByteArrayContent(Array.Empty<byte>()));
                    TotpCode? code = await AuthorizeAsync(request, cancellationToken).ConfigureAwait(false);
                    HttpResponseMessage response = await Transport.SendAsync(request, completion, cancellationToken, unlimited).ConfigureAwait(false);
                    if (response.IsSuccessStatusCode)
                    {
                        return response;
                    }

                    if (response.StatusCode == HttpStatusCode.Forbidden && attempt == 0 && retryAuth)
                    {
                        if (AuthMode == PiKvmAuthMode.Session && _token != null)
                        {
                            response.Dispose();
                            _token = null;
                            RequestLog.Write("The session cookie was refused; logging in again once.");
                            continue;
                        }

                        if (code is TotpCode sent && _totp!.NearBoundary(sent))
                        {
                            response.Dispose();
                            RequestLog.Write("Refused at a TOTP window boundary; retrying once with the next code.");
                            await _totp.NextWindowAsync(sent, cancellationToken).ConfigureAwait(false);
                            continue;
                        }
                    }

                    using (response)
                    {
                        throw await PiKvmErrors.FromResponseAsync(response, Transport.Server.Display, method.Method, path).ConfigureAwait(false);
                    }
                }
            }
        }

        public void Dispose() => Transport.Dispose();

        private async Task LoginAsync(CancellationToken cancellationToken)
        {
            for (int attempt = 0; ; attempt++)
            {
                TotpCode? code = _totp == null ? (TotpCode?)null : await _totp.NextAsync(cancellationToken).ConfigureAwait(false);
                using (var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/login"))
                {
                    var form = new List<KeyValuePair<string, string>> { new KeyValuePair<string, string>("user", UserName), new KeyValuePair<string, string>("passwd", Password(code)) };
                    if (_expire is TimeSpan expire)
                    {
                        form.Add(new KeyValuePair<string, string>("expire", ((long)expire.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture)));
                    }

                    request.Content = new FormUrlEncodedContent(form);
                    using (HttpResponseMessage response = await Transport.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false))
                    {
                        if (response.IsSuccessStatusCode)
                        {
                            // kvmd with auth disabled answers 200 without a cookie: requests then need none.
                            _token = CookieValue(response) ?? string.Empty;
                            return;
                        }

                        if (response.StatusCode == HttpStatusCode.Forbidden)
                        {
                            if (attempt == 0 && code is TotpCode sent && _totp!.NearBoundary(sent))
                            {
                                RequestLog.Write("Login refused at a TOTP window boundary; retrying once with the next code.");
                                await _totp.NextWindowAsync(sent, cancellationToken).ConfigureAwait(false);
                                continue;
                            }

                            throw new KvmPveException(ErrorKind.AuthenticationError, "PiKvmAuthenticationFailed",
                                $"PiKVM {Transport.Server.Display} refused the login of '{UserName}' (403 Forbidden): wrong user name or password"
                                + (_totp != null ? ", or a TOTP secret that does not match the PiKVM's." : ". If the PiKVM has two-factor authentication, add -TotpSecret."),
                                403);
                        }

                        throw await PiKvmErrors.FromResponseAsync(response, Transport.Server.Display, "POST", "/api/auth/login").ConfigureAwait(false);
                    }
                }
            }
        }

        private Task<TotpCode?> AuthorizeAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            AuthorizeAsync((name, value) => request.Headers.TryAddWithoutValidation(name, value), cancellationToken);

        /// <summary>The headers that authenticate one request (or a WebSocket's handshake), logging in first in session mode.</summary>
        internal async Task AuthorizeSocketAsync(Action<string, string> header, CancellationToken cancellationToken)
        {
            if (AuthMode == PiKvmAuthMode.Session && _token == null)
            {
                await LoginAsync(cancellationToken).ConfigureAwait(false);
            }

            await AuthorizeAsync(header, cancellationToken).ConfigureAwait(false);
        }

        private async Task<TotpCode?> AuthorizeAsync(Action<string, string> header, CancellationToken cancellationToken)
        {
            switch (AuthMode)
            {
                case PiKvmAuthMode.Session:
                    if (!string.IsNullOrEmpty(_token))
                    {
                        header("Cookie", CookieName + "=" + _token);
                    }

                    return null;
                case PiKvmAuthMode.Header:
                {
                    TotpCode? code = _totp == null ? (TotpCode?)null : await _totp.NextAsync(cancellationToken).ConfigureAwait(false);
                    header("X-KVMD-User", UserName);
                    header("X-KVMD-Passwd", Password(code));
                    return code;
                }

                default:
                {
                    TotpCode? code = _totp == null ? (TotpCode?)null : await _totp.NextAsync(cancellationToken).ConfigureAwait(false);
                    string pair = UserName + ":" + Password(code);
                    header("Authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(pair)));
                    return code;
                }
            }
        }

        // With 2FA kvmd reads the last six characters of every password as the current code.
        private string Password(TotpCode? code) => SecretText.Reveal(_password) + (code?.Value ?? string.Empty);

        private static string? CookieValue(HttpResponseMessage response)
        {
            if (!response.Headers.TryGetValues("Set-Cookie", out IEnumerable<string>? cookies))
            {
                return null;
            }

            foreach (string cookie in cookies)
            {
                if (cookie.StartsWith(CookieName + "=", StringComparison.Ordinal))
                {
                    int end = cookie.IndexOf(';');
                    return cookie.Substring(CookieName.Length + 1, (end < 0 ? cookie.Length : end) - CookieName.Length - 1);
                }
            }

            return null;
        }
    }
}
