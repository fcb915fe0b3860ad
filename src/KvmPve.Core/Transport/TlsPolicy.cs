using System;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using KvmPve.Errors;

namespace KvmPve.Transport
{
    /// <summary>
    /// How one session judges the server's certificate: the system's verification (default), none
    /// (<c>-SkipCertificateCheck</c>), or a pinned SHA-256 thumbprint. Per session, never process-wide.
    /// </summary>
    public sealed class TlsPolicy
    {
        private volatile string? _presentedThumbprint;
        private volatile string? _lastRefusal;

        public TlsPolicy(bool skipCertificateCheck, string? pinnedThumbprint)
        {
            if (skipCertificateCheck && !string.IsNullOrWhiteSpace(pinnedThumbprint))
            {
                throw KvmPveException.Invalid("ConflictingTlsOptions", "Use either -SkipCertificateCheck or -CertificateThumbprint, not both: a pin is only checked when verification is on.");
            }

            SkipCertificateCheck = skipCertificateCheck;
            PinnedThumbprint = string.IsNullOrWhiteSpace(pinnedThumbprint) ? null : NormalizeThumbprint(pinnedThumbprint!);
        }

        public bool SkipCertificateCheck { get; }

        /// <summary>64 upper-case hex digits, or null.</summary>
        public string? PinnedThumbprint { get; }

        /// <summary>The SHA-256 thumbprint of the last certificate the server presented.</summary>
        public string? PresentedThumbprint => _presentedThumbprint;

        /// <summary>Why the last certificate was refused, for the error message.</summary>
        public string? LastRefusal => _lastRefusal;

        /// <summary>Accepts <c>AB:CD:…</c>, <c>ab cd …</c> or plain hex; SHA-1 (40 digits) is refused as too weak.</summary>
        public static string NormalizeThumbprint(string thumbprint)
        {
            var hex = new StringBuilder(64);
            foreach (char c in thumbprint)
            {
                if (c == ':' || c == ' ' || c == '-')
                {
                    continue;
                }

                if (!Uri.IsHexDigit(c))
                {
                    throw KvmPveException.Invalid("InvalidThumbprint", $"The certificate thumbprint '{thumbprint}' is not hexadecimal. Give the certificate's SHA-256 thumbprint: 64 hex digits, with or without colons.");
                }

                hex.Append(char.ToUpperInvariant(c));
            }

            if (hex.Length != 64)
            {
                throw KvmPveException.Invalid("InvalidThumbprint", $"The certificate thumbprint '{thumbprint}' has {hex.Length} hex digits; a SHA-256 thumbprint has 64 (SHA-1 thumbprints are not accepted).");
            }

            return hex.ToString();
        }

        public static string Sha256Thumbprint(X509Certificate2 certificate)
        {
            using (SHA256 sha = SHA256.Create())
            {
                byte[] hash = sha.ComputeHash(certificate.RawData);
                var hex = new StringBuilder(64);
                foreach (byte b in hash)
                {
                    hex.Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
                }

                return hex.ToString();
            }
        }

        /// <summary>The handler's callback: decides on the leaf certificate and remembers what it saw.</summary>
        public bool Validate(X509Certificate2? certificate, SslPolicyErrors errors)
        {
            _presentedThumbprint = certificate == null ? null : Sha256Thumbprint(certificate);
            bool accepted;
            if (SkipCertificateCheck)
            {
                accepted = true;
            }
            else if (PinnedThumbprint != null)
            {
                // A pin replaces chain and name checks: it is exactly the certificate the user verified.
                accepted = _presentedThumbprint == PinnedThumbprint;
                _lastRefusal = accepted ? null : $"its SHA-256 thumbprint {_presentedThumbprint ?? "(none)"} does not match the pinned {PinnedThumbprint}";
            }
            else
            {
                accepted = errors == SslPolicyErrors.None;
                _lastRefusal = accepted ? null : $"it is not trusted by this computer ({errors})";
            }

            return accepted;
        }
    }
}
