using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using KvmPve.Errors;

namespace KvmPve
{
    public sealed partial class PveSession
    {
        /// <summary>
        /// Presses keys on a VM: one PUT .../sendkey per chord, in order (QEMU holds each 100 ms). Only a running VM has a
        /// keyboard to press (qemu-server sends the keys through its monitor); every key is checked before the first is sent.
        /// </summary>
        internal async Task SendVmKeysAsync(PveVm vm, IReadOnlyList<string> keys, CancellationToken cancellationToken)
        {
            List<string> chords = keys.Select(PveVmKeys.ToQemu).ToList();
            await CheckConsoleAsync(vm, "keys", cancellationToken).ConfigureAwait(false);
            foreach (string chord in chords)
            {
                await Client.RequestAsync(HttpMethod.Put, GuestPath(vm.Node, vm.Type, vm.VmId) + "/sendkey", new[] { Pair("key", chord) }, cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>
        /// remote-viewer's settings for a VM's SPICE display (POST .../spiceproxy) written as a .vv file the way PVE's web
        /// UI writes it (www/manager6/Utils.js openSpiceViewer: "[virt-viewer]", then key=value per line). The file holds
        /// a ticket SPICE accepts for 30 s (qemu-server: expire_password +30); <paramref name="proxy"/> is the host
        /// remote-viewer goes through (port 3128), by default this session's server, as the web UI sends its own host.
        /// </summary>
        internal async Task<PveSpiceFile> SaveSpiceFileAsync(PveVm vm, string path, string? proxy, CancellationToken cancellationToken)
        {
            await CheckConsoleAsync(vm, "a SPICE console", cancellationToken).ConfigureAwait(false);
            System.Text.Json.JsonElement config = await Client.RequestAsync(HttpMethod.Post, GuestPath(vm.Node, vm.Type, vm.VmId) + "/spiceproxy",
                new[] { Pair("proxy", proxy ?? Server.Host) }, cancellationToken).ConfigureAwait(false);
            var text = new System.Text.StringBuilder("[virt-viewer]\n");
            foreach (System.Text.Json.JsonProperty setting in config.EnumerateObject())
            {
                text.Append(setting.Name).Append('=').Append(setting.Value.ValueKind == System.Text.Json.JsonValueKind.String ? setting.Value.GetString() : setting.Value.GetRawText()).Append('\n');
            }

            System.IO.File.WriteAllText(path, text.ToString(), new System.Text.UTF8Encoding(false));
            return new PveSpiceFile
            {
                Path = path,
                VmId = vm.VmId,
                Node = vm.Node,
                Proxy = Json.JsonTree.String(config, "proxy"),
                TlsPort = (int?)Json.JsonTree.Number(config, "tls-port"),
                ValidUntil = DateTime.UtcNow.AddSeconds(30),
            };
        }

        /// <summary>
        /// The guest's text console (a VM's serial port, a container's console), the one this session keeps open for
        /// it, or a new one: waits and typing share it, so text that arrives between them is not lost.
        /// </summary>
        internal async Task<PveTextConsole> TextConsoleAsync(PveVm vm, string? serial, CancellationToken cancellationToken)
        {
            if (OpenTextConsole(vm, serial) is PveTextConsole open)
            {
                return open;
            }

            EnsureOpen();
            await CheckConsoleAsync(vm, "a text console", cancellationToken, containers: true).ConfigureAwait(false);
            return await PveTextConsole.OpenAsync(this, vm, serial, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>The text console this session keeps open for the guest and port, if any.</summary>
        internal PveTextConsole? OpenTextConsole(PveVm vm, string? serial) =>
            Consoles.OfType<PveTextConsole>().FirstOrDefault(text => text.VmId == vm.VmId && text.Serial == serial);

        /// <summary>
        /// A console's guest must be a running VM: its state now (status/current; a listed guest's may be old) is read,
        /// and anything else refused before the console request, naming the guest and its state.
        /// </summary>
        private async Task CheckConsoleAsync(PveVm vm, string what, CancellationToken cancellationToken, bool containers = false)
        {
            if (vm.Type != PveGuestType.Qemu && !containers)
            {
                throw KvmPveException.Invalid("PveNotAVm", $"Guest {vm.VmId} on {vm.Node} is a container: {what} go to VMs only.");
            }

            System.Text.Json.JsonElement status = await Client.RequestAsync(HttpMethod.Get, GuestPath(vm.Node, vm.Type, vm.VmId) + "/status/current", null, cancellationToken).ConfigureAwait(false);
            string state = Json.JsonTree.String(status, "status") ?? "in an unknown state";
            if (state != "running")
            {
                string guest = vm.Type == PveGuestType.Qemu ? "VM" : "Container";
                throw new KvmPveException(ErrorKind.InvalidOperation, "PveGuestNotRunning", $"{guest} {vm.VmId} on {vm.Node} is {state}: {what} need a running guest. Start it with Start-PveVm.");
            }
        }
    }
}
