using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace KvmPve.Simulator.PiKvm;

/// <summary>
/// kvmd's WebSocket (/api/ws, kvmd/apps/kvmd/server.py and htserver.py at v4.132): "loop" first, then each part's
/// full state, then what changes (GPIO as partial states); it answers "ping" with "pong", takes key and mouse
/// events, and sends protocol pings (aiohttp's heartbeat) that a client must answer.
/// </summary>
public sealed class KvmdEvents
{
    private readonly ConcurrentDictionary<Guid, Client> _clients = new();

    /// <summary>Clients that asked for the video stream (stream=1, the default).</summary>
    public int Streaming => _clients.Values.Count(c => c.Stream);

    /// <summary>What a client event does (typing, mouse).</summary>
    internal Action<string, JsonElement>? OnClientEvent { get; set; }

    /// <summary>Drops every connection at once, as a kvmd restart would.</summary>
    public void DropAll()
    {
        foreach (Client client in _clients.Values)
        {
            client.Socket.Abort();
        }
    }

    public void Publish(string type, JsonNode state)
    {
        foreach (Client client in _clients.Values)
        {
            _ = client.SendAsync(type, state.DeepClone());
        }
    }

    internal async Task Handle(HttpContext context, Func<IEnumerable<(string Type, JsonNode State)>> fullStates)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            await KvmdResponse.Error(context, 400, "BadRequest", "Expected a WebSocket request");
            return;
        }

        bool stream = KvmdApi.ParseBool(context.Request.Query["stream"].ToString()) ?? true;
        using WebSocket socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext { KeepAliveInterval = TimeSpan.FromSeconds(5) });
        var client = new Client(socket, stream);
        var id = Guid.NewGuid();
        _clients[id] = client;
        try
        {
            await client.SendAsync("loop", new JsonObject { ["version"] = new JsonObject { ["major"] = 4, ["minor"] = 132 } });
            foreach ((string type, JsonNode state) in fullStates())
            {
                await client.SendAsync(type, state);
            }

            var buffer = new byte[1 << 16];
            while (socket.State == WebSocketState.Open)
            {
                using var message = new MemoryStream();
                WebSocketReceiveResult result;
                do
                {
                    result = await socket.ReceiveAsync(buffer, context.RequestAborted);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, string.Empty, CancellationToken.None);
                        return;
                    }

                    message.Write(buffer, 0, result.Count);
                }
                while (!result.EndOfMessage);

                if (result.MessageType != WebSocketMessageType.Text)
                {
                    continue;
                }

                using JsonDocument document = JsonDocument.Parse(message.ToArray());
                string type = document.RootElement.TryGetProperty("event_type", out JsonElement t) ? t.GetString() ?? string.Empty : string.Empty;
                JsonElement body = document.RootElement.TryGetProperty("event", out JsonElement e) ? e.Clone() : default;
                if (type == "ping")
                {
                    await client.SendAsync("pong", new JsonObject());
                    continue;
                }

                OnClientEvent?.Invoke(type, body);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException)
        {
            // The client went away (or was dropped on purpose).
        }
        finally
        {
            _clients.TryRemove(id, out _);
        }
    }

    private sealed class Client(WebSocket socket, bool stream)
    {
        private readonly SemaphoreSlim _sending = new(1, 1);

        public WebSocket Socket { get; } = socket;

        public bool Stream { get; } = stream;

        public async Task SendAsync(string type, JsonNode body)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(new JsonObject { ["event_type"] = type, ["event"] = body }.ToJsonString());
            await _sending.WaitAsync();
            try
            {
                if (Socket.State == WebSocketState.Open)
                {
                    await Socket.SendAsync(bytes, WebSocketMessageType.Text, true, CancellationToken.None);
                }
            }
            catch (Exception ex) when (ex is WebSocketException or IOException or ObjectDisposedException)
            {
                // A client that went away misses the event, as with kvmd.
            }
            finally
            {
                _sending.Release();
            }
        }
    }
}
