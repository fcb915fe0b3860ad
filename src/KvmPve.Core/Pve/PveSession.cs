using System;
using System.Threading;
using System.Threading.Tasks;
using KvmPve.Pve;

namespace KvmPve
{
    /// <summary>A connection to a Proxmox VE cluster: its address, who is logged in and how. Owns one HTTP client.</summary>
    public sealed partial class PveSession : KvmPveSession
    {
        private PveSession(PveClient client, DateTime connectedAt)
            : base(client.Transport, connectedAt)
        {
            Client = client;
            client.BeforeChange = PreflightAsync;
        }

        /// <summary>user@realm, or user@realm!tokenid for an API token.</summary>
        public string UserName => Client.UserName;

        public PveAuthMethod AuthMethod => Client.AuthMethod;

        /// <summary>The cluster's name; empty for a standalone node (or a token that may not read it).</summary>
        public string? ClusterName => Client.ClusterName;

        /// <summary>When the current ticket was issued (renewed after an hour); empty for API tokens.</summary>
        public DateTime? TicketIssuedAt => Client.TicketIssuedAt?.LocalDateTime;

        internal PveClient Client { get; }

        private protected override string Product => "Pve";

        public static async Task<PveSession> ConnectAsync(PveConnectOptions options, CancellationToken cancellationToken)
        {
            PveClient client = await PveClient.ConnectAsync(options, cancellationToken).ConfigureAwait(false);
            return new PveSession(client, options.Clock.UtcNow.LocalDateTime);
        }

        /// <summary>PVE has no logout (a ticket simply expires): closing releases the connection.</summary>
        public override Task CloseAsync(CancellationToken cancellationToken)
        {
            Dispose();
            return Task.CompletedTask;
        }
    }
}
