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
                ObjectBuilder = PSObjectBuilder.Instance,
            };
            Connect(null, "PiKVM", token => PiKvmSession.ConnectAsync(options, token));
        }
    }
}
