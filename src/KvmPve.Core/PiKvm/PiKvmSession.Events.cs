using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.WebSockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using KvmPve.Errors;
using KvmPve.Json;
using KvmPve.PiKvm;

namespace KvmPve
{
    /// <summary>One event from kvmd's stream: what changed, and the whole state of that part after it.</summary>
    public sealed class PiKvmEvent
    {
        /// <summary>atx, gpio, hid, msd, streamer, info, ... (and any type a newer kvmd adds).</summary>
        public string Type { get; set; } = string.Empty;

        public DateTime Time { get; set; }

        /// <summary>The merged full state of that part after this event.</summary>
        public object? State { get; set; }

        /// <summary>What this event changed (kvmd sends the full state first, then only what changes).</summary>
        public object? Change { get; set; }

        public PiKvmSession? Session { get; set; }

        public override string ToString() => Type;
    }

    public sealed partial class PiKvmSession
    {
        /// <summary>How often a ping goes to kvmd; a stream that stays silent for three of these is taken as dropped.</summary>
        internal static readonly TimeSpan EventPing = TimeSpan.FromSeconds(10);

        private static readonly TimeSpan[] Backoff = { TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(8) };

        /// <summary>
        /// kvmd's events (GET /api/ws, stream=0) until <paramref name="cancellationToken"/> ends the watch. kvmd sends
        /// each part's full state first, then partial updates: each is applied to that part's state as kvmd's web UI does
        /// (<see cref="KvmdStateMerge"/>). A dropped stream is opened again with backoff and the states re-read (they
        /// come full again); <paramref name="gap"/> says so. A stream that cannot be opened again is a ConnectionError.
        /// </summary>
        internal async Task WatchEventsAsync(IReadOnlyCollection<string>? types, Action<PiKvmEvent> emit, Action<string> gap, TimeSpan? ping, CancellationToken cancellationToken,
            IReadOnlyList<TimeSpan>? backoff = null)
        {
            IReadOnlyList<TimeSpan> waits = backoff ?? Backoff;
            EnsureOpen();
            TimeSpan interval = ping ?? EventPing;
            var states = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
            DateTimeOffset? droppedAt = null;
            int failures = 0;
            while (true)
            {
                KvmdSocket socket;
                try
                {
                    socket = await KvmdSocket.ConnectAsync(Client, stream: false, cancellationToken).ConfigureAwait(false);
                }
                catch (KvmPveException ex) when (droppedAt != null && ex.Kind == ErrorKind.ConnectionError)
                {
                    if (failures >= waits.Count)
                    {
                        throw new KvmPveException(ErrorKind.ConnectionError, "PiKvmEventStreamLost",
                            $"PiKVM {Server} closed its event stream at {droppedAt.Value.ToLocalTime():T} and did not take it back in {failures} attempts: {ex.Message}");
                    }

                    await Task.Delay(waits[failures++], cancellationToken).ConfigureAwait(false);
                    continue;
                }

                using (socket)
                {
                    if (droppedAt is DateTimeOffset since)
                    {
                        gap($"The event stream from {Server} was interrupted for {(DateTimeOffset.UtcNow - since).TotalSeconds:F1} s; changes in that time were not seen one by one. The states that follow are read anew.");
                    }

                    failures = 0;
                    var fresh = new HashSet<string>(StringComparer.Ordinal);
                    bool dropped = await PumpEventsAsync(socket, types, states, fresh, emit, interval, cancellationToken).ConfigureAwait(false);
                    if (!dropped)
                    {
                        await socket.CloseAsync().ConfigureAwait(false);
                        return;
                    }

                    droppedAt = DateTimeOffset.UtcNow;
                }
            }
        }

        /// <summary>Reads one connection's events; true when it dropped (closed, silent, broken), false when the watch was ended.</summary>
        private async Task<bool> PumpEventsAsync(KvmdSocket socket, IReadOnlyCollection<string>? types, Dictionary<string, JsonNode?> states, HashSet<string> fresh,
            Action<PiKvmEvent> emit, TimeSpan interval, CancellationToken cancellationToken)
        {
            using (var silence = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                Task pinger = PingAsync(socket, interval, silence.Token);
                try
                {
                    while (true)
                    {
                        silence.CancelAfter(TimeSpan.FromTicks(interval.Ticks * 3));
                        (string Type, JsonElement Event)? message = await socket.ReceiveAsync(silence.Token).ConfigureAwait(false);
                        if (message == null)
                        {
                            return true;
                        }

                        (string type, JsonElement change) = message.Value;
                        if (type == "pong" || (types is { Count: > 0 } && !types.Contains(type)))
                        {
                            continue;
                        }

                        JsonNode? changed = change.ValueKind == JsonValueKind.Undefined ? null : JsonNode.Parse(change.GetRawText());
                        // The first event of a part on a new connection is its full state: it replaces what was kept.
                        JsonNode? state = fresh.Add(type) || !states.TryGetValue(type, out JsonNode? kept) ? changed?.DeepClone() : KvmdStateMerge.Apply(type, kept, changed);
                        states[type] = state;
                        emit(new PiKvmEvent
                        {
                            Type = type,
                            Time = DateTime.Now,
                            State = ToObject(state),
                            Change = ToObject(changed),
                            Session = this,
                        });
                    }
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    return false;
                }
                catch (Exception ex) when (ex is OperationCanceledException || ex is WebSocketException || ex is System.IO.IOException)
                {
                    return true;
                }
                finally
                {
                    silence.Cancel();
                    await pinger.ConfigureAwait(false);
                }
            }
        }

        /// <summary>kvmd's JSON ping (it answers pong), so a silent stream shows; the framework answers kvmd's own heartbeat pings.</summary>
        private static async Task PingAsync(KvmdSocket socket, TimeSpan interval, CancellationToken cancellationToken)
        {
            try
            {
                while (true)
                {
                    await Task.Delay(interval, cancellationToken).ConfigureAwait(false);
                    await socket.SendAsync("ping", new { }, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException || ex is WebSocketException || ex is ObjectDisposedException)
            {
                // The reader notices a dead stream; the pinger only stops.
            }
        }

        private object? ToObject(JsonNode? node)
        {
            if (node == null)
            {
                return null;
            }

            using (JsonDocument document = JsonDocument.Parse(node.ToJsonString()))
            {
                return JsonTree.ToObject(document.RootElement, Client.Build);
            }
        }
    }
}
