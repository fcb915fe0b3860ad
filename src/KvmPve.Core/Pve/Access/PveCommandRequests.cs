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
        // Cmdlet → "METHOD /path below the guest" ({guest} = /nodes/{node}/{qemu|lxc}/{vmid}); "qemu's|lxc's" where they differ.
        private static readonly Dictionary<string, string> GuestRequests = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["Start-PveVm"] = "POST /status/start",
            ["Stop-PveVm"] = "POST /status/shutdown",
            ["Restart-PveVm"] = "POST /status/reboot",
            ["Suspend-PveVm"] = "POST /status/suspend",
            ["Resume-PveVm"] = "POST /status/resume",
            ["Copy-PveVm"] = "POST /clone",
            ["Move-PveVm"] = "POST /migrate",
            ["Remove-PveVm"] = "DELETE ",
            ["ConvertTo-PveTemplate"] = "POST /template",
            ["Set-PveVmConfig"] = "PUT /config",
            ["Set-PveVmCloudInit"] = "PUT /config",
            ["Add-PveVmTag"] = "PUT /config",
            ["Remove-PveVmTag"] = "PUT /config",
            ["Resize-PveVmDisk"] = "PUT /resize",
            ["Move-PveVmDisk"] = "POST /move_disk|POST /move_volume",
            ["Add-PveVmDisk"] = "POST /config|PUT /config",
            ["Remove-PveVmDisk"] = "PUT /config",
            ["New-PveSnapshot"] = "POST /snapshot",
            ["Remove-PveSnapshot"] = "DELETE /snapshot/{snapname}",
            ["Restore-PveSnapshot"] = "POST /snapshot/{snapname}/rollback",
            ["Invoke-PveGuestCommand"] = "POST /agent/exec",
            ["Set-PveGuestFile"] = "POST /agent/file-write",
            ["Get-PveGuestFile"] = "GET /agent/file-read",
            ["Wait-PveGuestAgent"] = "POST /agent/ping",
            ["Get-PveGuestNetwork"] = "GET /agent/network-get-interfaces|GET /interfaces",
            ["Wait-PveGuestIp"] = "GET /agent/network-get-interfaces|GET /interfaces",
            ["Get-PveVmConfig"] = "GET /config",
            ["Get-PveSnapshot"] = "GET /snapshot",
        };

        /// <summary>The cmdlets whose requests are known here.</summary>
        public static IEnumerable<string> Commands => GuestRequests.Keys.OrderBy(k => k, StringComparer.OrdinalIgnoreCase);

        /// <summary>Method and concrete path of what <paramref name="command"/> sends for a guest; unknown commands are an argument error.</summary>
        public static KeyValuePair<string, string> For(string command, PveVm vm, IReadOnlyDictionary<string, string> parameters)
        {
            if (!GuestRequests.TryGetValue(command, out string? requests))
            {
                throw KvmPveException.Invalid("PveUnknownCommand", $"'{command}' is not a KvmPve cmdlet that acts on a guest. Valid: {string.Join(", ", Commands)}.");
            }

            string[] both = requests.Split('|');
            string request = vm.Type == PveGuestType.Lxc && both.Length > 1 ? both[1] : both[0];
            int space = request.IndexOf(' ');
            string below = request.Substring(space + 1).Replace("{snapname}", Uri.EscapeDataString(parameters.TryGetValue("snapname", out string? snap) ? snap : "{snapname}"));
            string guest = $"/nodes/{Uri.EscapeDataString(vm.Node)}/{(vm.Type == PveGuestType.Lxc ? "lxc" : "qemu")}/{vm.VmId.ToString(CultureInfo.InvariantCulture)}";
            return new KeyValuePair<string, string>(request.Substring(0, space), guest + below);
        }
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
