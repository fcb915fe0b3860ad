using System;
using System.Security;
using KvmPve.Time;

namespace KvmPve
{
    /// <summary>Everything Connect-Pve passes to Core.</summary>
    public sealed class PveConnectOptions
    {
        public const int DefaultPort = 8006;

        public string Server { get; set; } = string.Empty;

        public int? Port { get; set; }

        /// <summary><c>user</c>, <c>user@realm</c>, or for tokens <c>user@realm!tokenid</c>.</summary>
        public string UserName { get; set; } = string.Empty;

        /// <summary>The realm when the user name has none (default pam).</summary>
        public string? Realm { get; set; }

        /// <summary>The password, or the API token's secret with <see cref="PveAuthMethod.ApiToken"/>.</summary>
        public SecureString Password { get; set; } = new SecureString();

        public PveAuthMethod AuthMethod { get; set; } = PveAuthMethod.Ticket;

        /// <summary>A one-time TFA answer: 6 digits (sent as totp:…) or recovery:&lt;key&gt;. Good for one login only.</summary>
        public string? Otp { get; set; }

        /// <summary>The base32 TOTP secret: every login, also the fresh ones a long runbook needs, answers TFA itself.</summary>
        public SecureString? TotpSecret { get; set; }

        public bool SkipCertificateCheck { get; set; }

        public string? CertificateThumbprint { get; set; }

        public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

        public Clock Clock { get; set; } = Clock.System;

        public Json.ObjectBuilder ObjectBuilder { get; set; } = Json.JsonTree.Dictionaries;
    }
}
