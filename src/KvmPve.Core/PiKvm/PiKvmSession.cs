using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using KvmPve.PiKvm;

namespace KvmPve
{
    /// <summary>A connection to one PiKVM: its address, who logged in and how. Owns one HTTP client.</summary>
    public sealed partial class PiKvmSession : KvmPveSession
    {
        private PiKvmSession(PiKvmClient client, DateTime connectedAt)
            : base(client.Transport, connectedAt)
        {
            Client = client;
            Hid = new PiKvmHidChannel(client);
        }

        public string UserName => Client.UserName;

        public PiKvmAuthMode AuthMode => Client.AuthMode;

        /// <summary>True when a TOTP secret is used for two-factor authentication.</summary>
        public bool TwoFactor => Client.TwoFactor;

        internal PiKvmClient Client { get; }

        /// <summary>Keyboard and mouse events: over kvmd's WebSocket where it has one, over HTTP otherwise.</summary>
        internal PiKvmHidChannel Hid { get; }

        private protected override string Product => "PiKvm";

        public static async Task<PiKvmSession> ConnectAsync(PiKvmConnectOptions options, CancellationToken cancellationToken)
        {
            PiKvmClient client = await PiKvmClient.ConnectAsync(options, cancellationToken).ConfigureAwait(false);
            return new PiKvmSession(client, options.Clock.UtcNow.LocalDateTime);
        }

        /// <summary>The result of a GET on a kvmd endpoint; every endpoint family reads through here.</summary>
        private async Task<JsonElement> GetAsync(string path, CancellationToken cancellationToken, IEnumerable<KeyValuePair<string, string>>? query = null)
        {
            EnsureOpen();
            return await Client.GetResultAsync(HttpMethod.Get, path, query, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>A POST whose parameters travel in the query string, as kvmd takes them.</summary>
        private async Task PostAsync(string path, IEnumerable<KeyValuePair<string, string>> query, CancellationToken cancellationToken)
        {
            EnsureOpen();
            _ = await Client.GetResultAsync(HttpMethod.Post, path, query, cancellationToken).ConfigureAwait(false);
        }

        private static KeyValuePair<string, string> Pair(string name, string value) => new KeyValuePair<string, string>(name, value);

        /// <summary>Logs out (cookie mode; kvmd ends every session of that user) and releases the connection.</summary>
        public override async Task CloseAsync(CancellationToken cancellationToken)
        {
            if (!IsOpen)
            {
                return;
            }

            try
            {
                await Hid.CloseAsync().ConfigureAwait(false);
                await Client.LogoutAsync(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                Hid.Dispose();
                Dispose();
            }
        }
    }
}
