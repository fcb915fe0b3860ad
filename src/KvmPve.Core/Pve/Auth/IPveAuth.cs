using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace KvmPve.Pve
{
    /// <summary>How a PVE session authenticates: one provider per method (ticket, API token).</summary>
    internal interface IPveAuth
    {
        PveAuthMethod Method { get; }

        string UserName { get; }

        /// <summary>From the login answer, when the method gives one.</summary>
        string? ClusterName { get; }

        DateTimeOffset? IssuedAt { get; }

        /// <summary>At connect: log in (ticket) or nothing (token).</summary>
        Task StartAsync(CancellationToken cancellationToken);

        /// <summary>Before each request: renew what is about to expire.</summary>
        Task PrepareAsync(CancellationToken cancellationToken);

        /// <summary>Adds the credentials for <paramref name="method"/>; returns what was used, for <see cref="RefreshAsync"/>.</summary>
        object? Apply(HttpRequestMessage request, HttpMethod method);

        /// <summary>After a 401: true when fresh credentials now replace <paramref name="used"/> (a new login), false when nothing can change.</summary>
        Task<bool> RefreshAsync(object? used, CancellationToken cancellationToken);
    }
}
