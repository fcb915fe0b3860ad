using System;
using System.Globalization;
using System.Net.Http;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using KvmPve.Errors;
using KvmPve.Json;

namespace KvmPve
{
    /// <summary>
    /// A guest's text console, as PVE's xterm.js opens it (pve-xtermjs main.js, termproxy main.rs): POST termproxy
    /// (a VM's serial port, or a container's console), the vncwebsocket WebSocket ("binary"), the line "user:ticket\n",
    /// "OK" back, then the console's bytes; input goes as "0:LENGTH:DATA" (LENGTH in UTF-8 bytes), a size as
    /// "1:COLS:ROWS:", a keep-alive "2" every 30 s. What arrives is kept, its escape sequences stripped, for waits that
    /// read it like expect: each match consumes the text up to its end.
    /// </summary>
    public sealed class PveTextConsole : PveConsole
    {
        private static readonly Regex Escapes = new Regex(@"\x1B(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1B]*(\x07|\x1B\\)|[@-Z\\-_]|[()][0-9A-Za-z])|\r", RegexOptions.CultureInvariant);
        private readonly ClientWebSocket _socket;
        private readonly CancellationTokenSource _closed = new CancellationTokenSource();
        private readonly SemaphoreSlim _sending = new SemaphoreSlim(1, 1);
        private readonly StringBuilder _text = new StringBuilder();
        private readonly Decoder _utf8 = new UTF8Encoding(false).GetDecoder();
        private TaskCompletionSource<bool> _arrived = NewSignal();

        private PveTextConsole(PveSession session, PveVm vm, string? serial, ClientWebSocket socket)
            : base(session, vm)
        {
            Serial = serial;
            _socket = socket;
        }

        /// <summary>The VM's serial port (serial0 …), or null: a container's console, or the VM's display's serial.</summary>
        public string? Serial { get; }

        public override bool IsOpen => !_closed.IsCancellationRequested && _socket.State == WebSocketState.Open;

        /// <summary>Raw output as it arrives (escape sequences included), for a terminal to show.</summary>
        internal event Action<string>? Output;

        internal static async Task<PveTextConsole> OpenAsync(PveSession session, PveVm vm, string? serial, CancellationToken cancellationToken)
        {
            string path = PveSession.GuestPathOf(vm);
            JsonElement proxy = await session.Client.RequestAsync(HttpMethod.Post, path + "/termproxy",
                serial == null ? null : new[] { new System.Collections.Generic.KeyValuePair<string, string>("serial", serial) }, cancellationToken).ConfigureAwait(false);
            string? ticket = JsonTree.String(proxy, "ticket");
            string? user = JsonTree.String(proxy, "user");
            double? port = JsonTree.Number(proxy, "port");
            if (ticket == null || user == null || port == null)
            {
                throw new KvmPveException(ErrorKind.InvalidResult, "PveTermProxyAnswer", $"Proxmox VE's termproxy for guest {vm.VmId} answered without a ticket, user or port.");
            }

            ClientWebSocket socket = await session.Client.ConnectWebSocketAsync(path + "/vncwebsocket", new[]
            {
                new System.Collections.Generic.KeyValuePair<string, string>("port", ((int)port.Value).ToString(CultureInfo.InvariantCulture)),
                new System.Collections.Generic.KeyValuePair<string, string>("vncticket", ticket),
            }, "binary", cancellationToken).ConfigureAwait(false);
            var console = new PveTextConsole(session, vm, serial, socket);
            try
            {
                await console.SendRawAsync(user + ":" + ticket + "\n", cancellationToken).ConfigureAwait(false);
                await console.ExpectOkAsync(session.Client.Transport.Timeout, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                console.Dispose();
                throw;
            }

            _ = console.ReadAsync();
            _ = console.PingAsync();
            session.EndWithSession(console);
            return console;
        }

        /// <summary>
        /// Waits until the text received and not yet consumed matches <paramref name="find"/> (a wildcard line or a
        /// regex, <see cref="PiKvmSession.Locator"/>), consumes it up to the match's end and returns the match; after
        /// <paramref name="timeout"/> an OperationTimeout names the last text seen.
        /// </summary>
        internal async Task<string> WaitAsync(string pattern, Func<string, (string Match, int End)?> find, TimeSpan timeout, CancellationToken cancellationToken)
        {
            using (var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                timer.CancelAfter(timeout);
                while (true)
                {
                    Task arrived;
                    lock (_text)
                    {
                        string pending = _text.ToString();
                        if (find(pending) is (string Match, int End) found)
                        {
                            // What a wait consumed is never read again: the console keeps only what is still to come.
                            _text.Remove(0, found.End);
                            return found.Match;
                        }

                        if (!IsOpen)
                        {
                            throw new KvmPveException(ErrorKind.ConnectionError, "PveConsoleClosed", $"The console of guest {VmId} closed before it showed '{pattern}'. Last seen: {Last(pending)}.");
                        }

                        arrived = _arrived.Task;
                    }

                    try
                    {
                        await Task.WhenAny(arrived, Task.Delay(Timeout.Infinite, timer.Token)).ConfigureAwait(false);
                        timer.Token.ThrowIfCancellationRequested();
                    }
                    catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                    {
                        string pending;
                        lock (_text)
                        {
                            pending = _text.ToString();
                        }

                        throw new KvmPveException(ErrorKind.OperationTimeout, "PveConsoleTextTimeout",
                            $"The console of guest {VmId} did not show '{pattern}' within {timeout.TotalSeconds} s. Last seen: {Last(pending)}.");
                    }
                }
            }
        }

        /// <summary>Types <paramref name="text"/> into the console (one data message; its length in UTF-8 bytes, as termproxy counts).</summary>
        internal Task SendAsync(string text, CancellationToken cancellationToken) =>
            SendRawAsync("0:" + Encoding.UTF8.GetByteCount(text).ToString(CultureInfo.InvariantCulture) + ":" + text, cancellationToken);

        /// <summary>The terminal's size, so the guest's programs lay out their screen.</summary>
        internal Task ResizeAsync(int columns, int rows, CancellationToken cancellationToken) =>
            SendRawAsync(string.Format(CultureInfo.InvariantCulture, "1:{0}:{1}:", columns, rows), cancellationToken);

        public override void Dispose()
        {
            if (_closed.IsCancellationRequested)
            {
                return;
            }

            _closed.Cancel();
            Session.Ended(this);
            Transport.WebSocketConnect.CloseQuietly(_socket);
            Signal();
        }

        private static TaskCompletionSource<bool> NewSignal() => new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);

        private static string Last(string pending)
        {
            string seen = pending.Trim();
            return seen.Length == 0 ? "nothing new" : "'" + (seen.Length <= 300 ? seen : "…" + seen.Substring(seen.Length - 300)) + "'";
        }

        private async Task SendRawAsync(string message, CancellationToken cancellationToken)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(message);
            await _sending.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await _socket.SendAsync(new ArraySegment<byte>(bytes), WebSocketMessageType.Binary, true, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is WebSocketException || ex is ObjectDisposedException)
            {
                throw new KvmPveException(ErrorKind.ConnectionError, "PveConsoleClosed", $"The console of guest {VmId} is closed: {ex.Message}", null, null, ex);
            }
            finally
            {
                _sending.Release();
            }
        }

        /// <summary>termproxy answers "OK" once it has verified the ticket; anything else (or nothing) is a refusal.</summary>
        private async Task ExpectOkAsync(TimeSpan timeout, CancellationToken cancellationToken)
        {
            byte[] buffer = new byte[1 << 16];
            using (var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                timer.CancelAfter(timeout);
                WebSocketReceiveResult result;
                try
                {
                    result = await _socket.ReceiveAsync(new ArraySegment<byte>(buffer), timer.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    throw new KvmPveException(ErrorKind.OperationTimeout, "PveConsoleNoAnswer", $"The console of guest {VmId} did not answer within {timeout.TotalSeconds} s.");
                }

                if (result.MessageType == WebSocketMessageType.Close || result.Count < 2 || buffer[0] != (byte)'O' || buffer[1] != (byte)'K')
                {
                    throw new KvmPveException(ErrorKind.AuthenticationError, "PveConsoleRefused", $"Proxmox VE's termproxy refused the console of guest {VmId} (it did not answer OK to the ticket).");
                }

                Receive(buffer, 2, result.Count - 2);
            }
        }

        private async Task ReadAsync()
        {
            byte[] buffer = new byte[1 << 16];
            try
            {
                while (!_closed.IsCancellationRequested)
                {
                    WebSocketReceiveResult result = await _socket.ReceiveAsync(new ArraySegment<byte>(buffer), _closed.Token).ConfigureAwait(false);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        break;
                    }

                    Receive(buffer, 0, result.Count);
                }
            }
            catch (Exception ex) when (ex is WebSocketException || ex is OperationCanceledException || ex is ObjectDisposedException)
            {
                // Closed, by either side.
            }

            _closed.Cancel();
            Signal();
        }

        private void Receive(byte[] buffer, int offset, int count)
        {
            if (count <= 0)
            {
                return;
            }

            char[] chars = new char[_utf8.GetCharCount(buffer, offset, count)];
            int n = _utf8.GetChars(buffer, offset, count, chars, 0);
            string raw = new string(chars, 0, n);
            Output?.Invoke(raw);
            lock (_text)
            {
                _text.Append(Escapes.Replace(raw, string.Empty));
            }

            Signal();
        }

        private void Signal()
        {
            TaskCompletionSource<bool> arrived;
            lock (_text)
            {
                arrived = _arrived;
                _arrived = NewSignal();
            }

            arrived.TrySetResult(true);
        }

        private async Task PingAsync()
        {
            try
            {
                while (!_closed.IsCancellationRequested)
                {
                    await Task.Delay(TimeSpan.FromSeconds(30), _closed.Token).ConfigureAwait(false);
                    await SendRawAsync("2", _closed.Token).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException || ex is KvmPveException)
            {
                // Closed.
            }
        }
    }
}
