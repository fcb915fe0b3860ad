using System.Management.Automation;
using System.Security;
using KvmPve.Base;
using KvmPve.Completion;
using KvmPve.Errors;
using KvmPve.Sessions;
using KvmPve.Transport;

namespace KvmPve.Commands.PiKvm
{
    /// <summary>Connects to a PiKVM, checks the credentials, and makes the session the runspace's default.</summary>
    [Cmdlet(VerbsCommunications.Connect, "PiKvm")]
    [OutputType(typeof(PiKvmSession))]
    public sealed class ConnectPiKvmCommand : KvmPveCmdlet
    {
        [Parameter(Mandatory = true, Position = 0)]
        [ArgumentCompleter(typeof(PiKvmServerCompleter))]
        public string Server { get; set; } = string.Empty;

        [Parameter(Mandatory = true)]
        [Credential]
        public PSCredential Credential { get; set; } = PSCredential.Empty;

        [Parameter]
        public SecureString? TotpSecret { get; set; }

        [Parameter]
        public PiKvmAuthMode AuthMode { get; set; } = PiKvmAuthMode.Session;

        [Parameter]
        public SwitchParameter SkipCertificateCheck { get; set; }

        [Parameter]
        public string? CertificateThumbprint { get; set; }

        [Parameter]
        [ValidateRange(1, 3600)]
        public int TimeoutSec { get; set; } = 30;

        protected override void ProcessRecord()
        {
            try
            {
                if (ServerAddress.Parse(Server).IsPlainHttp)
                {
                    WriteWarning($"'{Server}' uses plain http: the password crosses the network unencrypted. Use https.");
                }

                if (SkipCertificateCheck)
                {
                    WriteWarning($"Certificate verification is off for {Server}: anyone on the path can pose as the PiKVM. Prefer -CertificateThumbprint with the device's SHA-256 thumbprint.");
                }

                var options = new PiKvmConnectOptions
                {
                    Server = Server,
                    UserName = Credential.UserName ?? string.Empty,
                    Password = Credential.Password ?? new SecureString(),
                    TotpSecret = TotpSecret,
                    AuthMode = AuthMode,
                    SkipCertificateCheck = SkipCertificateCheck,
                    CertificateThumbprint = CertificateThumbprint,
                    Timeout = System.TimeSpan.FromSeconds(TimeoutSec),
                    ObjectBuilder = PSObjectBuilder.Instance,
                };
                PiKvmSession session = Run(token => PiKvmSession.ConnectAsync(options, token));
                SessionStore.Current.PiKvm.Add(session);
                WriteObject(session);
            }
            catch (KvmPveException ex)
            {
                // Nothing else can work without a session.
                ThrowTerminatingError(ex, Server);
            }
        }
    }
}
