using System.Management.Automation;
using System.Security;
using KvmPve.Base;
using KvmPve.Completion;

namespace KvmPve.Commands.Pve
{
    /// <summary>Connects to a Proxmox VE cluster with a password (and TFA) or an API token; the session becomes the default.</summary>
    [Cmdlet(VerbsCommunications.Connect, "Pve", DefaultParameterSetName = CredentialSet)]
    [OutputType(typeof(PveSession))]
    public sealed class ConnectPveCommand : ConnectCmdlet
    {
        private const string CredentialSet = "Credential";
        private const string ApiTokenSet = "ApiToken";

        [Parameter(Mandatory = true, Position = 0)]
        [ArgumentCompleter(typeof(ServerCompleter))]
        public string Server { get; set; } = string.Empty;

        [Parameter]
        [ValidateRange(1, 65535)]
        public int Port { get; set; } = PveConnectOptions.DefaultPort;

        [Parameter(Mandatory = true, ParameterSetName = CredentialSet)]
        [Credential]
        public PSCredential Credential { get; set; } = PSCredential.Empty;

        [Parameter(ParameterSetName = CredentialSet)]
        public string? Realm { get; set; }

        [Parameter(ParameterSetName = CredentialSet)]
        public string? Otp { get; set; }

        [Parameter(ParameterSetName = CredentialSet)]
        public SecureString? TotpSecret { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = ApiTokenSet)]
        [Credential]
        public PSCredential ApiToken { get; set; } = PSCredential.Empty;

        protected override void ProcessRecord()
        {
            PSCredential credential = ParameterSetName == ApiTokenSet ? ApiToken : Credential;
            var options = new PveConnectOptions
            {
                Server = Server,
                Port = Port,
                UserName = credential.UserName ?? string.Empty,
                Password = credential.Password ?? new SecureString(),
                AuthMethod = ParameterSetName == ApiTokenSet ? PveAuthMethod.ApiToken : PveAuthMethod.Ticket,
                Realm = Realm,
                Otp = Otp,
                TotpSecret = TotpSecret,
                SkipCertificateCheck = SkipCertificateCheck,
                CertificateThumbprint = CertificateThumbprint,
                Timeout = Timeout,
                ObjectBuilder = PSObjectBuilder.Instance,
            };
            Connect(Server, Port, "Proxmox VE node", token => PveSession.ConnectAsync(options, token));
        }
    }
}
