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
    /// A ticket from user and password, answering the TFA challenge when there is one; renewed (with the ticket as
    /// password) after an hour, together with its CSRF token; replaced by a fresh login when it was refused.
    /// </summary>
    internal sealed class PveTicketAuth : IPveAuth
    {
        /// <summary>Tickets live 2 hours; renewing at half-life leaves room for clock skew and long pauses.</summary>
        public static readonly TimeSpan RenewAfter = TimeSpan.FromHours(1);

        private readonly HttpTransport _transport;
        private readonly SecureString _password;
        private readonly TotpCodeSource? _totp;
        private readonly Clock _clock;
        private readonly SemaphoreSlim _login = new SemaphoreSlim(1, 1);
        private string? _otp;
        private Ticket? _ticket;

        public PveTicketAuth(HttpTransport transport, string userName, PveConnectOptions options)
        {
            _transport = transport;
            UserName = userName;
            _clock = options.Clock;
            _password = options.Password.Copy();
            _password.MakeReadOnly();
            _otp = string.IsNullOrWhiteSpace(options.Otp) ? null : options.Otp!.Trim();
            _totp = options.TotpSecret == null ? null : new TotpCodeSource(options.TotpSecret, options.Clock);
        }

        public PveAuthMethod Method => PveAuthMethod.Ticket;

        public string UserName { get; }

        public string? ClusterName { get; private set; }

        public DateTimeOffset? IssuedAt => _ticket?.IssuedAt;

        public Task StartAsync(CancellationToken cancellationToken) => LoginAsync(cancellationToken);

        public async Task PrepareAsync(CancellationToken cancellationToken)
        {
            Ticket? current = _ticket;
            if (current == null || _clock.UtcNow - current.IssuedAt < RenewAfter)
            {
                return;
            }

            await _login.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (!ReferenceEquals(_ticket, current))
                {
                    return;
                }

                try
                {
                    Accept(await TicketRequestAsync(Form("password", current.Value), "the current ticket", cancellationToken).ConfigureAwait(false));
                    RequestLog.Write("Renewed the ticket.");
                }
                catch (KvmPveException ex) when (ex.Kind == ErrorKind.AuthenticationError)
                {
                    // Expired while the script slept: log in afresh.
                    await LoginAsync(cancellationToken).ConfigureAwait(false);
                }
            }
            finally
            {
                _login.Release();
            }
        }

        public object? Apply(HttpRequestMessage request, HttpMethod method)
        {
            Ticket? ticket = _ticket;
            if (ticket != null)
            {
                request.Headers.TryAddWithoutValidation("Cookie", "PVEAuthCookie=" + ticket.Value);
                if (method != HttpMethod.Get)
                {
                    request.Headers.TryAddWithoutValidation("CSRFPreventionToken", ticket.Csrf);
                }
            }

            return ticket;
        }

        public async Task<bool> RefreshAsync(object? used, CancellationToken cancellationToken)
        {
            await _login.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (ReferenceEquals(_ticket, used))
                {
                    await LoginAsync(cancellationToken).ConfigureAwait(false);
                }

                return true;
            }
            finally
            {
                _login.Release();
            }
        }

        private async Task LoginAsync(CancellationToken cancellationToken)
        {
            JsonElement data = await TicketRequestAsync(Form("password", SecretText.Reveal(_password)), "the password", cancellationToken).ConfigureAwait(false);
            if (data.TryGetProperty("NeedTFA", out JsonElement need) && need.ValueKind == JsonValueKind.Number && need.GetInt32() == 1)
            {
                string answer = await SecondFactorAsync(cancellationToken).ConfigureAwait(false);
                List<KeyValuePair<string, string>> form = Form("password", answer);
                form.Add(new KeyValuePair<string, string>("tfa-challenge", JsonTree.String(data, "ticket") ?? string.Empty));
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
                $"Proxmox VE {_transport.Server.Display} requires two-factor authentication for '{UserName}'. Add -Otp with the current code, or -TotpSecret with the TOTP secret so every login (renewals included) can answer it.");
        }

        private List<KeyValuePair<string, string>> Form(string secretName, string secret) => new List<KeyValuePair<string, string>>
        {
            new KeyValuePair<string, string>("username", UserName),
            new KeyValuePair<string, string>(secretName, secret),
        };

        private async Task<JsonElement> TicketRequestAsync(IEnumerable<KeyValuePair<string, string>> form, string what, CancellationToken cancellationToken)
        {
            using (var request = new HttpRequestMessage(HttpMethod.Post, PveClient.ApiRoot + "/access/ticket") { Content = new FormUrlEncodedContent(form) })
            using (HttpResponseMessage response = await _transport.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false))
            {
                if (response.StatusCode == HttpStatusCode.Unauthorized)
                {
                    throw new KvmPveException(ErrorKind.AuthenticationError, "PveAuthenticationFailed",
                        $"Proxmox VE {_transport.Server.Display} refused the login of '{UserName}' with {what} (401 {response.ReasonPhrase}). Check the user name, realm and password" + (what == "the second factor" ? ", and the TOTP code or secret." : "."), 401);
                }

                if (!response.IsSuccessStatusCode)
                {
                    throw await PveErrors.FromResponseAsync(response, _transport.Server.Display, "POST", "/access/ticket").ConfigureAwait(false);
                }

                return await PveClient.DataOfAsync(response, _transport.Server.Display, "POST", "/access/ticket").ConfigureAwait(false);
            }
        }

        private void Accept(JsonElement data)
        {
            string? ticket = JsonTree.String(data, "ticket");
            string? csrf = JsonTree.String(data, "CSRFPreventionToken");
            if (ticket == null || csrf == null)
            {
                throw new KvmPveException(ErrorKind.InvalidResult, "PveInvalidResponse", $"Proxmox VE {_transport.Server.Display} answered the login without a ticket and CSRF token.");
            }

            // A ticket and its CSRF token only work together: they are replaced as one.
            _ticket = new Ticket(ticket, csrf, _clock.UtcNow);
            ClusterName = JsonTree.String(data, "clustername") ?? ClusterName;
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
