using System;
using System.IO;
using System.Net.Http;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using KvmPve.Errors;

namespace KvmPve.PiKvm
{
    /// <summary>
    /// kvmd's WebSocket (/api/ws): JSON text messages {"event_type", "event"} both ways, with the session's auth and TLS
    /// policy (<see cref="Transport.WebSocketConnect"/>).
    /// </summary>
    internal sealed class KvmdSocket : IDisposable
    {
        private readonly ClientWebSocket _socket;
        private readonly SemaphoreSlim _sending = new SemaphoreSlim(1, 1);
        private readonly byte[] _buffer = new byte[1 << 16];

        private KvmdSocket(ClientWebSocket socket) => _socket = socket;

        public static async Task<KvmdSocket> ConnectAsync(PiKvmClient client, bool stream, CancellationToken cancellationToken)
        {
            var socket = new ClientWebSocket();
            await client.AuthorizeSocketAsync((name, value) => socket.Options.SetRequestHeader(name, value), cancellationToken).ConfigureAwait(false);
            var uri = new UriBuilder(new Uri(client.Transport.Server.BaseUri, "/api/ws")) { Query = "stream=" + (stream ? "1" : "0") }.Uri;
            await Transport.WebSocketConnect.ConnectAsync(client.Transport, socket, uri, reason => new KvmPveException(ErrorKind.ConnectionError, "PiKvmWebSocketFailed",
                $"PiKVM {client.Transport.Server.Display} did not open its event stream (/api/ws): {reason}."), cancellationToken).ConfigureAwait(false);
            return new KvmdSocket(socket);
        }

        /// <summary>The next text message (binary ones, kvmd's pongs to binary pings, are skipped); null when closed.</summary>
        public async Task<(string Type, JsonElement Event)?> ReceiveAsync(CancellationToken cancellationToken)
        {
            while (true)
            {
                using (var message = new MemoryStream())
                {
                    WebSocketReceiveResult result;
                    do
                    {
                        result = await _socket.ReceiveAsync(new ArraySegment<byte>(_buffer), cancellationToken).ConfigureAwait(false);
                        if (result.MessageType == WebSocketMessageType.Close)
                        {
                            return null;
                        }

                        message.Write(_buffer, 0, result.Count);
                    }
                    while (!result.EndOfMessage);

                    if (result.MessageType != WebSocketMessageType.Text)
                    {
                        continue;
                    }

                    using (JsonDocument document = JsonDocument.Parse(message.ToArray()))
                    {
                        JsonElement root = document.RootElement;
                        string type = root.TryGetProperty("event_type", out JsonElement t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : string.Empty;
                        JsonElement body = root.TryGetProperty("event", out JsonElement e) ? e.Clone() : default;
                        return (type, body);
                    }
                }
            }
        }

        /// <summary>
        /// Reads until the socket closes, handing each event's type to <paramref name="seen"/>: a socket kept open must
        /// be read, or kvmd's heartbeat pings go unanswered and it closes the connection.
        /// </summary>
        public async Task ReadUntilClosedAsync(Action<string>? seen)
        {
            try
            {
                while (await ReceiveAsync(CancellationToken.None).ConfigureAwait(false) is (string Type, JsonElement) message)
                {
                    seen?.Invoke(message.Type);
                }
            }
            catch (Exception ex) when (ex is WebSocketException || ex is ObjectDisposedException || ex is IOException || ex is OperationCanceledException)
            {
                // Closed, by either side.
            }
        }

        /// <summary>One event to kvmd (key, mouse_move, ping, ...), one message; sends from several callers go one at a time.</summary>
        public async Task SendAsync(string type, object body, CancellationToken cancellationToken)
        {
            byte[] bytes = JsonSerializer.SerializeToUtf8Bytes(new { event_type = type, @event = body });
            await _sending.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await _socket.SendAsync(new ArraySegment<byte>(bytes), WebSocketMessageType.Text, true, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _sending.Release();
            }
        }

        public Task CloseAsync() => Transport.WebSocketConnect.SayGoodbyeAsync(_socket);

        public void Dispose()
        {
            _socket.Dispose();
            _sending.Dispose();
        }
    }
}
