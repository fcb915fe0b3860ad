using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Net.Http;
using System.Net.WebSockets;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using KvmPve.Errors;
using KvmPve.Json;

namespace KvmPve
{
    /// <summary>A VM's screen saved as a PNG by Save-PveVmScreenshot.</summary>
    public sealed class PveScreenshot
    {
        public string Path { get; set; } = string.Empty;

        public int VmId { get; set; }

        public string Node { get; set; } = string.Empty;

        public int Width { get; set; }

        public int Height { get; set; }

        public TimeSpan Elapsed { get; set; }
    }

    public sealed partial class PveSession
    {
        /// <summary>
        /// A VNC connection to a running VM's console, the way noVNC opens one (qemu-server API2/Qemu.pm): POST vncproxy
        /// with websocket=1 makes PVE start "qm vncproxy" on a port of 5900-5999 with a fresh VNC password, then GET
        /// vncwebsocket with that port and ticket upgrades to a WebSocket (sub-protocol "binary") that carries RFB. Each
        /// proxy serves one connection; the password (8 printable characters) is what the VNC server asks for.
        /// </summary>
        internal async Task<(Stream Stream, string Password)> OpenVncAsync(PveVm vm, CancellationToken cancellationToken)
        {
            await CheckConsoleAsync(vm, "a VNC console", cancellationToken).ConfigureAwait(false);
            string path = GuestPath(vm.Node, vm.Type, vm.VmId);
            JsonElement proxy = await Client.RequestAsync(HttpMethod.Post, path + "/vncproxy", new[] { Pair("websocket", "1") }, cancellationToken).ConfigureAwait(false);
            string? ticket = JsonTree.String(proxy, "ticket");
            string? password = JsonTree.String(proxy, "password");
            double? port = JsonTree.Number(proxy, "port");
            if (ticket == null || password == null || port == null)
            {
                throw new KvmPveException(ErrorKind.InvalidResult, "PveVncProxyAnswer", $"Proxmox VE's vncproxy for VM {vm.VmId} answered without a ticket, password or port; a PVE older than 7 does not return the VNC password.");
            }

            ClientWebSocket socket = await Client.ConnectWebSocketAsync(path + "/vncwebsocket",
                new[] { Pair("port", ((int)port.Value).ToString(CultureInfo.InvariantCulture)), Pair("vncticket", ticket) }, "binary", cancellationToken).ConfigureAwait(false);
            return (new WebSocketStream(socket), password);
        }

        /// <summary>The consoles of this session that are open: VNC bridges and text consoles.</summary>
        public System.Collections.Generic.IReadOnlyList<PveConsole> Consoles =>
            System.Linq.Enumerable.ToList(System.Linq.Enumerable.Where(System.Linq.Enumerable.OfType<PveConsole>(EndingWithSession()), b => b.IsOpen));

        /// <summary>A <see cref="PveConsoleBridge"/> for a running VM on 127.0.0.1:<paramref name="port"/> (0: any free port).</summary>
        internal async Task<PveConsoleBridge> OpenConsoleBridgeAsync(PveVm vm, int port, CancellationToken cancellationToken)
        {
            EnsureOpen();
            await CheckConsoleAsync(vm, "a VNC console", cancellationToken).ConfigureAwait(false);
            return PveConsoleBridge.Start(this, vm, port);
        }

        /// <summary>Types <paramref name="text"/> on the VM's keyboard through a VNC console of its own (key events, any length); every character checked first.</summary>
        internal async Task TypeVmTextAsync(PveVm vm, string text, CancellationToken cancellationToken)
        {
            UsKeyboard.Check(text);
            (Stream stream, string password) = await OpenVncAsync(vm, cancellationToken).ConfigureAwait(false);
            using (stream)
            {
                RfbClient rfb = await RfbClient.ConnectAsync(stream, password, cancellationToken).ConfigureAwait(false);
                await rfb.TypeAsync(text, cancellationToken).ConfigureAwait(false);

                await rfb.SyncAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>The VM's screen through VNC as a PNG at <paramref name="path"/> (written whole or not at all), within the session's timeout.</summary>
        internal async Task<PveScreenshot> SaveScreenshotAsync(PveVm vm, string path, CancellationToken cancellationToken)
        {
            var watch = Stopwatch.StartNew();
            (Stream stream, string password) = await OpenVncAsync(vm, cancellationToken).ConfigureAwait(false);
            using (stream)
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                timeout.CancelAfter(Client.Transport.Timeout);
                RfbClient rfb;
                byte[] pixels;
                try
                {
                    rfb = await RfbClient.ConnectAsync(stream, password, timeout.Token).ConfigureAwait(false);
                    pixels = await rfb.CaptureAsync(timeout.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    throw new KvmPveException(ErrorKind.OperationTimeout, "PveVncTimeout", $"VM {vm.VmId}'s screen did not arrive within {Client.Transport.Timeout.TotalSeconds} s over VNC.");
                }

                string partial = path + ".partial";
                File.WriteAllBytes(partial, Png.FromBgrx(pixels, rfb.Width, rfb.Height));
                if (File.Exists(path))
                {
                    File.Delete(path);
                }

                File.Move(partial, path);
                return new PveScreenshot { Path = path, VmId = vm.VmId, Node = vm.Node, Width = rfb.Width, Height = rfb.Height, Elapsed = watch.Elapsed };
            }
        }
    }
}
