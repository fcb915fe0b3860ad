using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using KvmPve.Errors;

namespace KvmPve
{
    /// <summary>What Set-PveVmCloudInit changes; what is left null stays as it is.</summary>
    public sealed class PveCloudInitChange
    {
        public string? User { get; set; }

        /// <summary>Plain text only for the moment the request is built; never logged.</summary>
        public System.Security.SecureString? Password { get; set; }

        public IReadOnlyList<string>? SshKeys { get; set; }

        /// <summary>ipconfig0, ipconfig1, ... in order, for example "ip=dhcp" or "ip=10.0.0.5/24,gw=10.0.0.1".</summary>
        public IReadOnlyList<string>? IpConfig { get; set; }

        public string? Nameserver { get; set; }

        public string? SearchDomain { get; set; }

        public bool IsEmpty => User == null && Password == null && SshKeys == null && IpConfig == null && Nameserver == null && SearchDomain == null;
    }

    public sealed partial class PveSession
    {
        /// <summary>
        /// Sets the cloud-init keys and regenerates the cloud-init drive (PUT .../cloudinit), so the guest's next boot
        /// sees the change: PVE otherwise writes the drive only at a start, and a change made while the guest runs
        /// waits as pending. The guest must be a VM with a cloud-init drive; its digest guards the change.
        /// </summary>
        internal async Task SetCloudInitAsync(PveVm vm, PveCloudInitChange change, CancellationToken cancellationToken)
        {
            if (vm.Type != PveGuestType.Qemu)
            {
                throw KvmPveException.Invalid("PveCloudInitNotSupported", $"{vm} is a container: cloud-init is for VMs. Set a container's network with Set-PveVmConfig (net0) instead.");
            }

            if (change.IsEmpty)
            {
                throw KvmPveException.Invalid("PveNoConfigChange", $"Nothing to change on {vm}: give -User, -Password, -SshKey, -IpConfig, -Nameserver or -SearchDomain.");
            }

            List<KeyValuePair<string, string>> pairs = CloudInitPairs(change);
            PveVmConfig config = await GetConfigAsync(vm, false, cancellationToken).ConfigureAwait(false);
            if (!config.Disks.Any(d => d.Volume.IndexOf("cloudinit", StringComparison.Ordinal) >= 0))
            {
                throw new KvmPveException(ErrorKind.InvalidOperation, "PveNoCloudInitDrive",
                    $"{vm} has no cloud-init drive, so the guest would never see these settings. Add one first, for example: Set-PveVmConfig -VmId {vm.VmId} -Parameter @{{ ide2 = 'local-lvm:cloudinit' }}.");
            }

            pairs.Add(Pair("digest", config.Digest ?? string.Empty));
            await PutConfigAsync(vm, pairs, cancellationToken).ConfigureAwait(false);
            await Client.RequestAsync(HttpMethod.Put, GuestPath(vm.Node, vm.Type, vm.VmId) + "/cloudinit", null, cancellationToken).ConfigureAwait(false);
        }

        internal static List<KeyValuePair<string, string>> CloudInitPairs(PveCloudInitChange change)
        {
            var pairs = new List<KeyValuePair<string, string>>();
            if (change.User != null)
            {
                pairs.Add(Pair("ciuser", change.User));
            }

            if (change.Password != null)
            {
                pairs.Add(Pair("cipassword", Security.SecretText.Reveal(change.Password)));
            }

            if (change.SshKeys != null)
            {
                string? bad = change.SshKeys.FirstOrDefault(k => k.IndexOfAny(new[] { '\r', '\n' }) >= 0 || k.Trim().Split(' ').Length < 2);
                if (bad != null)
                {
                    throw KvmPveException.Invalid("PveInvalidSshKey", $"'{bad}' is not one OpenSSH public key: give each key as one line, 'type base64 [comment]', one key per -SshKey item.");
                }

                // PVE's sshkeys is "urlencoded" (pve_verify_urlencoded): the keys, one per line, percent-encoded once
                // here and once more by the form encoding; unencoded, PVE refuses the spaces.
                pairs.Add(Pair("sshkeys", Uri.EscapeDataString(string.Join("\n", change.SshKeys.Select(k => k.Trim())))));
            }

            for (int i = 0; change.IpConfig != null && i < change.IpConfig.Count; i++)
            {
                pairs.Add(Pair("ipconfig" + i.ToString(CultureInfo.InvariantCulture), change.IpConfig[i]));
            }

            if (change.Nameserver != null)
            {
                pairs.Add(Pair("nameserver", change.Nameserver));
            }

            if (change.SearchDomain != null)
            {
                pairs.Add(Pair("searchdomain", change.SearchDomain));
            }

            return pairs;
        }
    }
}
