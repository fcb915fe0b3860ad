using System;
using System.Net.Http;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using KvmPve.Security;

namespace KvmPve.Pve
{
    /// <summary>An API token on every request: no login, no CSRF token, nothing to renew.</summary>
    internal sealed class PveTokenAuth : IPveAuth
    {
        private readonly SecureString _secret;

        public PveTokenAuth(string tokenId, SecureString secret)
        {
            UserName = tokenId;
            _secret = secret.Copy();
            _secret.MakeReadOnly();
        }

        public PveAuthMethod Method => PveAuthMethod.ApiToken;

        public string UserName { get; }

        public string? ClusterName => null;

        public DateTimeOffset? IssuedAt => null;

        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task PrepareAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public object? Apply(HttpRequestMessage request, HttpMethod method)
        {
            request.Headers.TryAddWithoutValidation("Authorization", "PVEAPIToken=" + UserName + "=" + SecretText.Reveal(_secret));
            return null;
        }

        public Task<bool> RefreshAsync(object? used, CancellationToken cancellationToken) => Task.FromResult(false);
    }
}
