using System;
using System.Security;
using KvmPve.Time;

namespace KvmPve
{
    /// <summary>Everything Connect-PiKvm passes to Core.</summary>
    public sealed class PiKvmConnectOptions
    {
        public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

        public string Server { get; set; } = string.Empty;

        public string UserName { get; set; } = string.Empty;

        public SecureString Password { get; set; } = new SecureString();

        /// <summary>The base32 TOTP secret when the PiKVM has 2FA; a fresh code is appended to the password on every authentication.</summary>
        public SecureString? TotpSecret { get; set; }

        public PiKvmAuthMode AuthMode { get; set; } = PiKvmAuthMode.Session;

        public bool SkipCertificateCheck { get; set; }

        public string? CertificateThumbprint { get; set; }

        public TimeSpan Timeout { get; set; } = DefaultTimeout;

        /// <summary>With a session cookie: how long kvmd keeps the session (its login's expire); none for kvmd's own limit.</summary>
        public TimeSpan? Expire { get; set; }

        public Clock Clock { get; set; } = Clock.System;

        /// <summary>How JSON objects become .NET objects (the module makes PSCustomObjects).</summary>
        public Json.ObjectBuilder ObjectBuilder { get; set; } = Json.JsonTree.Dictionaries;
    }
}
