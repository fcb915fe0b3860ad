using System;
using System.Threading;
using System.Threading.Tasks;
using KvmPve.Errors;
using KvmPve.PiKvm;

namespace KvmPve
{
    /// <summary>A connection to one PiKVM: its address, who logged in and how. Owns one HTTP client.</summary>
    public sealed partial class PiKvmSession : IKvmPveSession
    {
        private PiKvmSession(PiKvmClient client, DateTime connectedAt)
        {
            Client = client;
            ConnectedAt = connectedAt;
        }

        /// <summary>The base address, for example https://kvm.example.net/.</summary>
        public Uri Server => Client.Transport.Server.BaseUri;

        public string UserName => Client.UserName;

        public PiKvmAuthMode AuthMode => Client.AuthMode;

        /// <summary>True when a TOTP secret is used for two-factor authentication.</summary>
        public bool TwoFactor => Client.TwoFactor;

        public DateTime ConnectedAt { get; }

        /// <summary>Verify, Skip or Pinned: how the server's certificate is judged.</summary>
        public string CertificateCheck => Client.Transport.Tls.SkipCertificateCheck ? "Skip" : Client.Transport.Tls.PinnedThumbprint != null ? "Pinned" : "Verify";

        public int TimeoutSec => (int)Client.Transport.Timeout.TotalSeconds;

        public bool IsOpen { get; private set; } = true;

        internal PiKvmClient Client { get; }

        public static async Task<PiKvmSession> ConnectAsync(PiKvmConnectOptions options, CancellationToken cancellationToken)
        {
            PiKvmClient client = await PiKvmClient.ConnectAsync(options, cancellationToken).ConfigureAwait(false);
            return new PiKvmSession(client, options.Clock.UtcNow.LocalDateTime);
        }

        /// <summary>Logs out (cookie mode) and releases the connection; the session cannot be used afterwards.</summary>
        public async Task CloseAsync(CancellationToken cancellationToken)
        {
            if (!IsOpen)
            {
                return;
            }

            try
            {
                await Client.LogoutAsync(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                Dispose();
            }
        }

        public void Dispose()
        {
            IsOpen = false;
            Client.Dispose();
        }

        public override string ToString() => Server.ToString();

        internal void EnsureOpen()
        {
            if (!IsOpen)
            {
                throw new KvmPveException(ErrorKind.InvalidOperation, "PiKvmSessionClosed",
                    $"The session to {Server} was closed by Disconnect-PiKvm. Run Connect-PiKvm again.");
            }
        }
    }
}
