using System;
using System.Threading;
using System.Threading.Tasks;
using KvmPve.Errors;
using KvmPve.Transport;

namespace KvmPve
{
    /// <summary>What PiKVM and Proxmox VE sessions share: the server, its TLS policy and timeout, and whether it is open.</summary>
    public abstract class KvmPveSession : IDisposable
    {
        private readonly HttpTransport _transport;
        private readonly System.Collections.Generic.List<IDisposable> _endWithSession = new System.Collections.Generic.List<IDisposable>();

        private protected KvmPveSession(HttpTransport transport, DateTime connectedAt)
        {
            _transport = transport;
            ConnectedAt = connectedAt;
        }

        /// <summary>The base address, for example https://kvm.example.net/ or https://pve1:8006/.</summary>
        public Uri Server => _transport.Server.BaseUri;

        public DateTime ConnectedAt { get; }

        /// <summary>Verify, Skip or Pinned: how the server's certificate is judged.</summary>
        public string CertificateCheck => _transport.Tls.SkipCertificateCheck ? "Skip" : _transport.Tls.PinnedThumbprint != null ? "Pinned" : "Verify";

        public int TimeoutSec => (int)_transport.Timeout.TotalSeconds;

        public bool IsOpen { get; private set; } = true;

        /// <summary>PiKvm or Pve: names error ids and the Connect- cmdlet in messages.</summary>
        private protected abstract string Product { get; }

        /// <summary>Ends the session on the server where the API has a logout, then releases the connection.</summary>
        public abstract Task CloseAsync(CancellationToken cancellationToken);

        public void Dispose()
        {
            IsOpen = false;
            IDisposable[] ending;
            lock (_endWithSession)
            {
                ending = _endWithSession.ToArray();
                _endWithSession.Clear();
            }

            foreach (IDisposable item in ending)
            {
                item.Dispose();
            }

            _transport.Dispose();
        }

        /// <summary>What ends with the session now (console bridges).</summary>
        internal IDisposable[] EndingWithSession()
        {
            lock (_endWithSession)
            {
                return _endWithSession.ToArray();
            }
        }

        /// <summary>Something that ended before the session (a console closed): no longer kept.</summary>
        internal void Ended(IDisposable item)
        {
            lock (_endWithSession)
            {
                _endWithSession.Remove(item);
            }
        }

        /// <summary>Something that lives as long as the session at most (a console bridge): disposed when the session closes.</summary>
        internal void EndWithSession(IDisposable item)
        {
            lock (_endWithSession)
            {
                _endWithSession.Add(item);
            }
        }

        public override string ToString() => Server.ToString();

        internal void EnsureOpen()
        {
            if (!IsOpen)
            {
                throw new KvmPveException(ErrorKind.InvalidOperation, Product + "SessionClosed",
                    $"The session to {Server} was closed by Disconnect-{Product}. Run Connect-{Product} again.");
            }
        }
    }
}
