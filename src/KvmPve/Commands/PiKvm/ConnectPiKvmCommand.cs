using System.Management.Automation;
using System.Security;
using KvmPve.Base;

namespace KvmPve.Commands.PiKvm
{
    /// <summary>Connects to a PiKVM, checks the credentials, and makes the session the runspace's default.</summary>
    [Cmdlet(VerbsCommunications.Connect, "PiKvm")]
    [OutputType(typeof(PiKvmSession))]
    public sealed class ConnectPiKvmCommand : ConnectCmdlet
    {
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

        protected override void ProcessRecord()
        {
            var options = new PiKvmConnectOptions
            {
                Server = Server,
                UserName = Credential.UserName ?? string.Empty,
                Password = Credential.Password ?? new SecureString(),
                TotpSecret = TotpSecret,
                AuthMode = AuthMode,
                SkipCertificateCheck = SkipCertificateCheck,
                CertificateThumbprint = CertificateThumbprint,
                Timeout = Timeout,
                Expire = Expire,
                ObjectBuilder = PSObjectBuilder.Instance,
            };
            Connect(null, "PiKVM", token => PiKvmSession.ConnectAsync(options, token));
        }
    }
}
