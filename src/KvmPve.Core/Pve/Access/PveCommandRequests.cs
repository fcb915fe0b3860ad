using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using KvmPve.Errors;

namespace KvmPve
{
    /// <summary>
    /// The request a KvmPve cmdlet sends that needs a privilege, so its permission can be told without running it
    /// (Test-PvePermission -Command, and -WhatIf). Parameters are PVE's names: snapname, newid, pool, target, storage.
    /// </summary>
    public static class PveCommandRequests
    {
        // Cmdlet → method and the path below the guest ({guest} = /nodes/{node}/{qemu|lxc}/{vmid}).
        private static readonly Dictionary<string, KeyValuePair<string, string>> GuestRequests = new Dictionary<string, KeyValuePair<string, string>>(StringComparer.OrdinalIgnoreCase)
        {
            ["Start-PveVm"] = Request("POST", "/status/start"),
            ["Stop-PveVm"] = Request("POST", "/status/shutdown"),
            ["Restart-PveVm"] = Request("POST", "/status/reboot"),
            ["Suspend-PveVm"] = Request("POST", "/status/suspend"),
            ["Resume-PveVm"] = Request("POST", "/status/resume"),
            ["Copy-PveVm"] = Request("POST", "/clone"),
            ["Move-PveVm"] = Request("POST", "/migrate"),
            ["Remove-PveVm"] = Request("DELETE", string.Empty),
            ["Set-PveVmConfig"] = Request("PUT", "/config"),
            ["Set-PveVmCloudInit"] = Request("PUT", "/config"),
            ["New-PveSnapshot"] = Request("POST", "/snapshot"),
            ["Remove-PveSnapshot"] = Request("DELETE", "/snapshot/{snapname}"),
            ["Restore-PveSnapshot"] = Request("POST", "/snapshot/{snapname}/rollback"),
            ["Invoke-PveGuestCommand"] = Request("POST", "/agent/exec"),
            ["Set-PveGuestFile"] = Request("POST", "/agent/file-write"),
            ["Get-PveGuestFile"] = Request("GET", "/agent/file-read"),
            ["Wait-PveGuestAgent"] = Request("POST", "/agent/ping"),
            ["Get-PveVmConfig"] = Request("GET", "/config"),
            ["Get-PveSnapshot"] = Request("GET", "/snapshot"),
        };

        /// <summary>The cmdlets whose requests are known here.</summary>
        public static IEnumerable<string> Commands => GuestRequests.Keys.OrderBy(k => k, StringComparer.OrdinalIgnoreCase);

        /// <summary>Method and concrete path of what <paramref name="command"/> sends for a guest; unknown commands are an argument error.</summary>
        public static KeyValuePair<string, string> For(string command, PveVm vm, IReadOnlyDictionary<string, string> parameters)
        {
            if (!GuestRequests.TryGetValue(command, out KeyValuePair<string, string> request))
            {
                throw KvmPveException.Invalid("PveUnknownCommand", $"'{command}' is not a KvmPve cmdlet that acts on a guest. Valid: {string.Join(", ", Commands)}.");
            }

            string below = request.Value.Replace("{snapname}", Uri.EscapeDataString(parameters.TryGetValue("snapname", out string? snap) ? snap : "{snapname}"));
            string guest = $"/nodes/{Uri.EscapeDataString(vm.Node)}/{(vm.Type == PveGuestType.Lxc ? "lxc" : "qemu")}/{vm.VmId.ToString(CultureInfo.InvariantCulture)}";
            return new KeyValuePair<string, string>(request.Key, guest + below);
        }

        private static KeyValuePair<string, string> Request(string verb, string below) => new KeyValuePair<string, string>(verb, below);
    }

    public sealed partial class PveSession
    {
        /// <summary>Whether <paramref name="command"/> would be allowed on the guest, by the same check as the preflight.</summary>
        internal async Task<PvePermissionTest> TestCommandAsync(string command, PveVm vm, IReadOnlyDictionary<string, string> parameters, CancellationToken cancellationToken)
        {
            KeyValuePair<string, string> request = PveCommandRequests.For(command, vm, parameters);
            var values = parameters.Where(p => p.Key != "snapname").ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
            // A clone without -NewId goes to the next free VMID: its ACL path is that one's.
            if (string.Equals(command, "Copy-PveVm", StringComparison.OrdinalIgnoreCase) && !values.ContainsKey("newid"))
            {
                values["newid"] = (await NextVmIdAsync(false, cancellationToken).ConfigureAwait(false)).ToString(CultureInfo.InvariantCulture);
            }

            PvePermissionTest test = await TestRequestAsync(request.Key, request.Value, values.ToList(), cancellationToken).ConfigureAwait(false);
            test.Request = $"{command} on {vm}: {test.Request}";
            return test;
        }
    }
}
