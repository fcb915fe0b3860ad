using System;
using System.Net;
using System.Net.Sockets;
using System.Security;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using KvmPve.Errors;

namespace KvmPve
{
    /// <summary>
    /// A local TCP port (127.0.0.1 only) that any VNC viewer connects to for a VM's console. Each viewer authenticates
    /// with the bridge's password (VNC authentication, RFB 3.3 to 3.8); the bridge then opens a console of its own
    /// through PVE's API (vncproxy + vncwebsocket, VNC authentication with PVE's one-time password) and passes the rest
    /// of RFB through both ways. It runs in the background until <see cref="Dispose"/> (Close-PveConsole) or the session ends.
    /// </summary>
    public sealed class PveConsoleBridge : PveConsole
    {
        private readonly TcpListener _listener;
        private readonly CancellationTokenSource _closed = new CancellationTokenSource();
        private readonly string _password;
        private int _viewers;
        private int _open;

        private PveConsoleBridge(PveSession session, PveVm vm, TcpListener listener, string password)
            : base(session, vm)
        {
            _listener = listener;
            _password = password;
            Password = new SecureString();
            foreach (char c in password)
            {
                Password.AppendChar(c);
            }

            Password.MakeReadOnly();
        }

        public string Address => "127.0.0.1";

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        /// <summary>The VNC password viewers give (8 printable characters, made for this bridge).</summary>
        public SecureString Password { get; }

        /// <summary>Viewers that connected so far, and those connected now.</summary>
        public int Viewers => Volatile.Read(ref _viewers);

        public int Connected => Volatile.Read(ref _open);

        public override bool IsOpen => !_closed.IsCancellationRequested;

        /// <summary>Why the last viewer's console could not be opened or ended early (PVE's or the VNC server's words), if it did.</summary>
        public string? LastError { get; private set; }

        /// <summary>Listens on 127.0.0.1:<paramref name="port"/> (0: any free port); a port in use is an error naming it.</summary>
        internal static PveConsoleBridge Start(PveSession session, PveVm vm, int port)
        {
            var listener = new TcpListener(IPAddress.Loopback, port);
            try
            {
                listener.Start();
            }
            catch (SocketException ex)
            {
                throw new KvmPveException(ErrorKind.ResourceUnavailable, "PveConsolePortInUse", $"Cannot listen on 127.0.0.1:{port} for VM {vm.VmId}'s console: {ex.Message}. Give another -Port, or 0 for any free one.", null, null, ex);
            }

            byte[] random = new byte[8];
            using (RandomNumberGenerator generator = RandomNumberGenerator.Create())
            {
                generator.GetBytes(random);
            }

            var bridge = new PveConsoleBridge(session, vm, listener, new string(Array.ConvertAll(random, b => (char)('!' + b % 94))));
            session.EndWithSession(bridge);
            _ = bridge.AcceptAsync(vm);
            return bridge;
        }

        public override void Dispose()
        {
            if (!_closed.IsCancellationRequested)
            {
                _closed.Cancel();
                _listener.Stop();
                Session.Ended(this);
            }
        }

        public override string ToString() => $"{Address}:{Port}";

        private async Task AcceptAsync(PveVm vm)
        {
            while (!_closed.IsCancellationRequested)
            {
                TcpClient viewer;
                try
                {
                    viewer = await _listener.AcceptTcpClientAsync().ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is SocketException || ex is ObjectDisposedException || ex is InvalidOperationException)
                {
                    return; // closed
                }

                Interlocked.Increment(ref _viewers);
                _ = ServeAsync(viewer, vm);
            }
        }

        /// <summary>One viewer: its password checked, a console of its own opened through PVE, then bytes both ways until either side leaves or the bridge closes.</summary>
        private async Task ServeAsync(TcpClient viewer, PveVm vm)
        {
            Interlocked.Increment(ref _open);
            CancellationToken closed = _closed.Token;
            try
            {
                using (viewer)
                using (closed.Register(viewer.Close))
                {
                    viewer.NoDelay = true;
                    NetworkStream local = viewer.GetStream();
                    if (!await RfbServerHandshake.AcceptAsync(local, _password, closed).ConfigureAwait(false))
                    {
                        return;
                    }

                    (System.IO.Stream console, string password) = await Session.OpenVncAsync(vm, closed).ConfigureAwait(false);
                    using (console)
                    using (var done = CancellationTokenSource.CreateLinkedTokenSource(closed))
                    {
                        await RfbClient.AuthenticateAsync(console, password, done.Token).ConfigureAwait(false);
                        Task up = local.CopyToAsync(console, 1 << 16, done.Token);
                        Task down = console.CopyToAsync(local, 1 << 16, done.Token);
                        await Task.WhenAny(up, down).ConfigureAwait(false);
                        done.Cancel();
                    }
                }
            }
            catch (KvmPveException ex)
            {
                LastError = ex.Message;
            }
            catch (Exception ex) when (ex is System.IO.IOException || ex is SocketException || ex is OperationCanceledException || ex is ObjectDisposedException || ex is System.Net.WebSockets.WebSocketException)
            {
                // This viewer's connection ended; the bridge goes on for the next.
            }
            finally
            {
                Interlocked.Decrement(ref _open);
            }
        }
    }
}
