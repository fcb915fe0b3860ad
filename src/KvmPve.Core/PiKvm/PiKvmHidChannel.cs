using System;
using System.Threading;
using System.Threading.Tasks;
using KvmPve.Errors;
using KvmPve.Transport;

namespace KvmPve.PiKvm
{
    /// <summary>
    /// Keyboard and mouse events over kvmd's WebSocket: one message per event instead of one HTTPS request, on one
    /// socket kept for the session. kvmd drops its queued HID events when a WebSocket opens or closes, so the socket
    /// stays open between commands; each command ends with a ping whose pong says kvmd has taken every event before
    /// it (so an HTTP request that follows, /api/hid/print for one, comes after them). A server without the socket
    /// (Windows PowerShell, a refused handshake) is served over HTTP for the rest of the session.
    /// </summary>
    internal sealed class PiKvmHidChannel : IDisposable
    {
        private readonly PiKvmClient _client;
        private readonly object _gate = new object();
        private KvmdSocket? _socket;
        private TaskCompletionSource<bool>? _pong;
        private bool _unavailable;
        private DateTimeOffset _lastSend;

        public PiKvmHidChannel(PiKvmClient client) => _client = client;

        /// <summary>Sends events over HTTP from now on (the benchmark compares both ways).</summary>
        internal void PreferHttp() => _unavailable = true;

        /// <summary>The open socket, opened on first use; null when events go over HTTP.</summary>
        public async Task<KvmdSocket?> SocketAsync(CancellationToken cancellationToken)
        {
            lock (_gate)
            {
                if (_unavailable || _socket != null)
                {
                    return _socket;
                }
            }

            KvmdSocket socket;
            try
            {
                socket = await KvmdSocket.ConnectAsync(_client, stream: false, cancellationToken).ConfigureAwait(false);
            }
            catch (KvmPveException ex)
            {
                RequestLog.Write($"Keyboard and mouse go over HTTP: {ex.Message}");
                _unavailable = true;
                return null;
            }

            lock (_gate)
            {
                _socket = socket;
            }

            _ = ReadAsync(socket);
            return socket;
        }

        public async Task SendAsync(KvmdSocket socket, string type, object body, CancellationToken cancellationToken)
        {
            _lastSend = DateTimeOffset.UtcNow;
            try
            {
                await socket.SendAsync(type, body, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is System.Net.WebSockets.WebSocketException || ex is ObjectDisposedException)
            {
                Forget(socket);
                throw new KvmPveException(ErrorKind.ConnectionError, "PiKvmWebSocketFailed", $"The PiKVM's WebSocket closed while events were being sent: {ex.Message}");
            }
        }

        /// <summary>Waits until kvmd has read every event sent so far (its pong to a ping sent after them).</summary>
        public async Task FlushAsync(KvmdSocket socket, CancellationToken cancellationToken)
        {
            var pong = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_gate)
            {
                _pong = pong;
            }

            await SendAsync(socket, "ping", new { }, cancellationToken).ConfigureAwait(false);
            Task done = await Task.WhenAny(pong.Task, Task.Delay(_client.Transport.Timeout, cancellationToken)).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            if (done != pong.Task)
            {
                Forget(socket);
                throw new KvmPveException(ErrorKind.OperationTimeout, "PiKvmTimeout", $"The PiKVM did not confirm the keyboard and mouse events within {_client.Transport.Timeout.TotalSeconds} s.");
            }
        }

        /// <summary>Closes the socket; kvmd drops queued HID events then, so it waits for recent ones to be typed first.</summary>
        public async Task CloseAsync()
        {
            KvmdSocket? socket;
            lock (_gate)
            {
                socket = _socket;
                _socket = null;
            }

            if (socket == null)
            {
                return;
            }

            TimeSpan since = DateTimeOffset.UtcNow - _lastSend;
            if (since < TimeSpan.FromSeconds(2))
            {
                await Task.Delay(TimeSpan.FromSeconds(2) - since).ConfigureAwait(false);
            }

            await socket.CloseAsync().ConfigureAwait(false);
            socket.Dispose();
        }

        public void Dispose()
        {
            lock (_gate)
            {
                _socket?.Dispose();
                _socket = null;
            }
        }

        // Reads what kvmd sends (the state events it pushes to every client, pongs) until the socket closes.
        private async Task ReadAsync(KvmdSocket socket)
        {
            await socket.ReadUntilClosedAsync(type =>
            {
                if (type == "pong")
                {
                    lock (_gate)
                    {
                        _pong?.TrySetResult(true);
                    }
                }
            }).ConfigureAwait(false);
            Forget(socket);
        }

        private void Forget(KvmdSocket socket)
        {
            lock (_gate)
            {
                if (_socket == socket)
                {
                    _socket = null;
                }
            }
        }
    }
}
