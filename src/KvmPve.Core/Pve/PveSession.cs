using System;
using System.Threading;
using System.Threading.Tasks;
using KvmPve.Errors;
using KvmPve.Pve;

namespace KvmPve
{
    /// <summary>A connection to a Proxmox VE cluster: its address, who is logged in and how. Owns one HTTP client.</summary>
    public sealed partial class PveSession : IKvmPveSession
    {
        private PveSession(PveClient client, DateTime connectedAt)
        {
            Client = client;
            ConnectedAt = connectedAt;
        }

        /// <summary>The base address, for example https://pve1.example.net:8006/.</summary>
        public Uri Server => Client.Transport.Server.BaseUri;

        /// <summary>user@realm, or user@realm!tokenid for an API token.</summary>
        public string UserName => Client.UserName;

        public PveAuthMethod AuthMethod => Client.AuthMethod;

        /// <summary>The cluster's name; empty for a standalone node (or a token that may not read it).</summary>
        public string? ClusterName => Client.ClusterName;

        public DateTime ConnectedAt { get; }

        /// <summary>When the current ticket was issued (renewed after an hour); empty for API tokens.</summary>
        public DateTime? TicketIssuedAt => Client.TicketIssuedAt?.LocalDateTime;

        /// <summary>Verify, Skip or Pinned: how the server's certificate is judged.</summary>
        public string CertificateCheck => Client.Transport.Tls.SkipCertificateCheck ? "Skip" : Client.Transport.Tls.PinnedThumbprint != null ? "Pinned" : "Verify";

        public int TimeoutSec => (int)Client.Transport.Timeout.TotalSeconds;

        public bool IsOpen { get; private set; } = true;

        internal PveClient Client { get; }

        public static async Task<PveSession> ConnectAsync(PveConnectOptions options, CancellationToken cancellationToken)
        {
            PveClient client = await PveClient.ConnectAsync(options, cancellationToken).ConfigureAwait(false);
            return new PveSession(client, options.Clock.UtcNow.LocalDateTime);
        }

        /// <summary>PVE has no logout (a ticket simply expires): closing releases the connection.</summary>
        public Task CloseAsync(CancellationToken cancellationToken)
        {
            Dispose();
            return Task.CompletedTask;
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
                throw new KvmPveException(ErrorKind.InvalidOperation, "PveSessionClosed",
                    $"The session to {Server} was closed by Disconnect-Pve. Run Connect-Pve again.");
            }
        }
    }
}
