using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using KvmPve.Errors;
using KvmPve.Sessions;
using KvmPve.Transport;

namespace KvmPve.Base
{
    /// <summary>Connect-PiKvm and Connect-Pve: the TLS parameters, the warnings, and the new default session.</summary>
    public abstract class ConnectCmdlet : KvmPveCmdlet
    {
        [Parameter]
        public SwitchParameter SkipCertificateCheck { get; set; }

        /// <summary>The server's SHA-256 thumbprint; binds from a piped object's CertificateThumbprint (a list of devices).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? CertificateThumbprint { get; set; }

        [Parameter]
        [ValidateRange(1, 3600)]
        public int TimeoutSec { get; set; } = 30;

        protected TimeSpan Timeout => TimeSpan.FromSeconds(TimeoutSec);

        /// <summary>Connects to one server; a failure is terminating, since nothing else can work without the session.</summary>
        protected void Connect<TSession>(string server, int? defaultPort, string device, Func<CancellationToken, Task<TSession>> connect)
            where TSession : class =>
            ConnectEach(new[] { server }, 1, defaultPort, device, (_, token) => connect(token));

        /// <summary>
        /// Connects to every server side by side, at most <paramref name="throttle"/> at a time. The sessions are added
        /// in the order the servers were given (the last becomes the default), each failure is that server's error.
        /// </summary>
        protected void ConnectEach<TSession>(IReadOnlyList<string> servers, int throttle, int? defaultPort, string device, Func<int, CancellationToken, Task<TSession>> connect)
            where TSession : class
        {
            foreach (string server in servers)
            {
                WarnPlainHttp(server, defaultPort);
            }

            if (SkipCertificateCheck)
            {
                WriteWarning($"Certificate verification is off for {string.Join(", ", servers)}: anyone on the path can pose as the {device}. Prefer -CertificateThumbprint with the server's SHA-256 thumbprint.");
            }

            var outcomes = new (TSession? Session, KvmPveException? Error)[servers.Count];
            using var gate = new SemaphoreSlim(throttle);
            Run(token => Task.WhenAll(servers.Select(async (_, i) =>
            {
                await gate.WaitAsync(token).ConfigureAwait(false);
                try
                {
                    outcomes[i] = (await connect(i, token).ConfigureAwait(false), null);
                }
                catch (KvmPveException ex)
                {
                    outcomes[i] = (null, ex);
                }
                finally
                {
                    gate.Release();
                }
            })));

            for (int i = 0; i < servers.Count; i++)
            {
                if (outcomes[i].Session is TSession session)
                {
                    SessionStore.Current.Of<TSession>().Add(session);
                    WriteObject(session);
                }
                else if (servers.Count == 1)
                {
                    ThrowTerminatingError(outcomes[i].Error!, servers[i]);
                }
                else
                {
                    WriteError(outcomes[i].Error!, servers[i]);
                }
            }
        }

        private void WarnPlainHttp(string server, int? defaultPort)
        {
            try
            {
                if (ServerAddress.Parse(server, defaultPort).IsPlainHttp)
                {
                    WriteWarning($"'{server}' uses plain http: the credentials cross the network unencrypted. Use https.");
                }
            }
            catch (KvmPveException)
            {
                // A malformed address is that server's error, reported by its connect.
            }
        }
    }
}
