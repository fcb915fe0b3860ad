using System.Management.Automation;
using System.Security;
using KvmPve.Base;

namespace KvmPve.Commands.Pve
{
    /// <summary>Sets VMs' cloud-init user, password, SSH keys and network, and regenerates the cloud-init drive so the next boot sees them.</summary>
    [Cmdlet(VerbsCommon.Set, "PveVmCloudInit", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = NameSet)]
    [OutputType(typeof(PveVmConfig))]
    public sealed class SetPveVmCloudInitCommand : PveConfigChangeCmdlet
    {
        [Parameter]
        public string? User { get; set; }

        [Parameter]
        public SecureString? Password { get; set; }

        /// <summary>OpenSSH public keys, one per item.</summary>
        [Parameter]
        public string[]? SshKey { get; set; }

        /// <summary>ipconfig0, ipconfig1, ... in order: "ip=dhcp", "ip=10.0.0.5/24,gw=10.0.0.1", "ip6=auto".</summary>
        [Parameter]
        public string[]? IpConfig { get; set; }

        [Parameter]
        public string? Nameserver { get; set; }

        [Parameter]
        public string? SearchDomain { get; set; }

        protected override void ProcessRecord()
        {
            PveSession session = ResolveSession();
            var change = new PveCloudInitChange { User = User, Password = Password, SshKeys = SshKey, IpConfig = IpConfig, Nameserver = Nameserver, SearchDomain = SearchDomain };
            Change(session, _ => PveSession.CloudInitPairs(change), "Set cloud-init settings and regenerate the cloud-init drive",
                (vm, token) => session.SetCloudInitAsync(vm, change, token));
        }
    }
}
