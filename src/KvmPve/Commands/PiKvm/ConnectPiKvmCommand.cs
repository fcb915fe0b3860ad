using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Security;
using KvmPve.Base;
using KvmPve.Completion;

namespace KvmPve.Commands.PiKvm
{
    /// <summary>Connects to a PiKVM, checks the credentials, and makes the session the runspace's default.</summary>
    [Cmdlet(VerbsCommunications.Connect, "PiKvm")]
    [OutputType(typeof(PiKvmSession))]
    public sealed class ConnectPiKvmCommand : ConnectCmdlet
    {
        /// <summary>One PiKVM, or several: they are connected side by side, each failure is that server's error.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(ServerCompleter))]
        public string[] Server { get; set; } = System.Array.Empty<string>();

        /// <summary>How many PiKVMs are connected at the same time.</summary>
        [Parameter]
        [ValidateRange(1, 1024)]
        public int ThrottleLimit { get; set; } = 64;

        [Parameter(Mandatory = true)]
        [Credential]
        public PSCredential Credential { get; set; } = PSCredential.Empty;

        [Parameter]
        public SecureString? TotpSecret { get; set; }

        [Parameter]
        public PiKvmAuthMode AuthMode { get; set; } = PiKvmAuthMode.Session;

        /// <summary>How long kvmd keeps the session cookie (its login's expire). A session kvmd ended is logged in again with the credential, once, at the next call.</summary>
        [Parameter]
        public System.TimeSpan? Expire { get; set; }

        private readonly List<(string Server, string? Thumbprint)> _targets = new List<(string, string?)>();

        protected override void ProcessRecord()
        {
            _targets.AddRange(Server.Select(server => (server, CertificateThumbprint)));
            if (!MyInvocation.ExpectingInput)
            {
                ConnectTargets();
            }
        }

        /// <summary>Devices piped in (names, or objects with Server and CertificateThumbprint) are connected together at the end.</summary>
        protected override void EndProcessing() => ConnectTargets();

        private void ConnectTargets()
        {
            (string Server, string? Thumbprint)[] targets = _targets.ToArray();
            _targets.Clear();
            if (targets.Length > 0)
            {
                ConnectEach(targets.Select(t => t.Server).ToList(), ThrottleLimit, null, "PiKVM", (i, token) => PiKvmSession.ConnectAsync(Options(targets[i].Server, targets[i].Thumbprint), token));
            }
        }

        private PiKvmConnectOptions Options(string server, string? thumbprint) =>
            new PiKvmConnectOptions
            {
                Server = server,
                UserName = Credential.UserName ?? string.Empty,
                Password = Credential.Password ?? new SecureString(),
                TotpSecret = TotpSecret,
                AuthMode = AuthMode,
                SkipCertificateCheck = SkipCertificateCheck,
                CertificateThumbprint = thumbprint,
                Timeout = Timeout,
                Expire = Expire,
                ObjectBuilder = PSObjectBuilder.Instance,
            };
    }
}
