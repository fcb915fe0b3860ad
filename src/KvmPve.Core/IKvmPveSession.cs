using System;
using System.Threading;
using System.Threading.Tasks;

namespace KvmPve
{
    /// <summary>What every session (PiKVM or Proxmox VE) offers the module's shared cmdlet plumbing.</summary>
    public interface IKvmPveSession : IDisposable
    {
        Uri Server { get; }

        bool IsOpen { get; }

        /// <summary>Ends the session on the server where the API has a logout, then releases the connection.</summary>
        Task CloseAsync(CancellationToken cancellationToken);
    }
}
