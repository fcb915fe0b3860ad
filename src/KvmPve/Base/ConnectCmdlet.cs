using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using KvmPve.Completion;
using KvmPve.Errors;
using KvmPve.Sessions;
using KvmPve.Transport;

namespace KvmPve.Base
{
    /// <summary>Connect-PiKvm and Connect-Pve: the address and TLS parameters, the warnings, and the new default session.</summary>
    public abstract class ConnectCmdlet : KvmPveCmdlet
    {
        [Parameter(Mandatory = true, Position = 0)]
        [ArgumentCompleter(typeof(ServerCompleter))]
        public string Server { get; set; } = string.Empty;

        [Parameter]
        public SwitchParameter SkipCertificateCheck { get; set; }

        [Parameter]
        public string? CertificateThumbprint { get; set; }

        [Parameter]
        [ValidateRange(1, 3600)]
        public int TimeoutSec { get; set; } = 30;

        protected TimeSpan Timeout => TimeSpan.FromSeconds(TimeoutSec);

        /// <summary>Connects; a failure is terminating, since nothing else can work without the session.</summary>
        protected void Connect<TSession>(int? defaultPort, string device, Func<CancellationToken, Task<TSession>> connect)
            where TSession : class
        {
            try
            {
                if (ServerAddress.Parse(Server, defaultPort).IsPlainHttp)
                {
                    WriteWarning($"'{Server}' uses plain http: the credentials cross the network unencrypted. Use https.");
                }

                if (SkipCertificateCheck)
                {
                    WriteWarning($"Certificate verification is off for {Server}: anyone on the path can pose as the {device}. Prefer -CertificateThumbprint with the server's SHA-256 thumbprint.");
                }

                TSession session = Run(connect);
                SessionStore.Current.Of<TSession>().Add(session);
                WriteObject(session);
            }
            catch (KvmPveException ex)
            {
                ThrowTerminatingError(ex, Server);
            }
        }
    }
}
