using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using KvmPve.Errors;
using KvmPve.Json;
using KvmPve.PiKvm;

namespace KvmPve
{
    public sealed partial class PiKvmSession
    {
        /// <summary>kvmd types at most this much per request by default; longer text goes in pieces (and says limit=0).</summary>
        internal const int PrintChunk = 1024;

        internal async Task<PiKvmHidState> GetHidAsync(CancellationToken cancellationToken)
        {
            PiKvmHidState state = PiKvmHidState.From(await GetAsync("/api/hid", cancellationToken).ConfigureAwait(false), Client.Build, this);
            state.InactivitySeconds = JsonTree.Number(await GetAsync("/api/hid/inactivity", cancellationToken).ConfigureAwait(false), "inactivity");
            return state;
        }

        /// <summary>
        /// Changes the HID's outputs and jiggler (POST /api/hid/set_params) and whether it is connected (set_connected).
        /// An output the PiKVM does not offer, or a connection switch it does not have, is refused before any change,
        /// naming what it offers.
        /// </summary>
        internal async Task<PiKvmHidState> SetHidAsync(PiKvmHidParams settings, CancellationToken cancellationToken)
        {
            PiKvmHidState now = await GetHidAsync(cancellationToken).ConfigureAwait(false);
            CheckOutput("keyboard", settings.KeyboardOutput, now.KeyboardOutputs);
            CheckOutput("mouse", settings.MouseOutput, now.MouseOutputs);
            if (settings.Jiggler != null && !now.JigglerEnabled)
            {
                throw new KvmPveException(ErrorKind.ResourceUnavailable, "PiKvmJigglerUnavailable", $"PiKVM {Server} has no mouse jiggler (kvmd's hid jiggler is not enabled in its configuration).");
            }

            if (settings.Connected != null && now.Connected == null)
            {
                throw new KvmPveException(ErrorKind.ResourceUnavailable, "PiKvmHidConnectUnavailable", $"PiKVM {Server}'s keyboard and mouse cannot be disconnected (its HID has no connection switch).");
            }

            var query = new List<KeyValuePair<string, string>>();
            if (settings.KeyboardOutput != null)
            {
                query.Add(Pair("keyboard_output", settings.KeyboardOutput));
            }

            if (settings.MouseOutput != null)
            {
                query.Add(Pair("mouse_output", settings.MouseOutput));
            }

            if (settings.Jiggler is bool jiggler)
            {
                query.Add(Pair("jiggler", jiggler ? "1" : "0"));
            }

            if (query.Count > 0)
            {
                await PostAsync("/api/hid/set_params", query, cancellationToken).ConfigureAwait(false);
            }

            if (settings.Connected is bool connected)
            {
                await PostAsync("/api/hid/set_connected", new[] { Pair("connected", connected ? "1" : "0") }, cancellationToken).ConfigureAwait(false);
            }

            return await GetHidAsync(cancellationToken).ConfigureAwait(false);
        }

        private void CheckOutput(string device, string? output, string[] offered)
        {
            if (output != null && !offered.Contains(output))
            {
                throw KvmPveException.Invalid("PiKvmHidOutputUnavailable",
                    $"PiKVM {Server}'s {device} has no output '{output}'. It offers: {(offered.Length == 0 ? "no choice (its HID has one fixed output)" : string.Join(", ", offered))}.");
            }
        }

        internal Task ResetHidAsync(CancellationToken cancellationToken) => PostAsync("/api/hid/reset", Array.Empty<KeyValuePair<string, string>>(), cancellationToken);

        internal async Task<IReadOnlyList<PiKvmKeymap>> GetKeymapsAsync(CancellationToken cancellationToken)
        {
            JsonElement result = await GetAsync("/api/hid/keymaps", cancellationToken).ConfigureAwait(false);
            string? standard = JsonTree.String(result, "keymaps", "default");
            return JsonTree.At(result, "keymaps", "available") is JsonElement available
                ? available.EnumerateArray().Select(k => new PiKvmKeymap { Name = k.GetString() ?? string.Empty, IsDefault = k.GetString() == standard }).ToList()
                : (IReadOnlyList<PiKvmKeymap>)Array.Empty<PiKvmKeymap>();
        }

        /// <summary>
        /// Types <paramref name="text"/> completely: kvmd cuts text at 1,024 characters unless told otherwise, so it goes in
        /// pieces of at most that size, each with limit=0. A keymap is checked against the PiKVM's before anything is typed.
        /// </summary>
        internal async Task TypeTextAsync(string text, string? keymap, bool slow, double? delay, CancellationToken cancellationToken)
        {
            if (delay is double d && (d < 0 || d > 5))
            {
                throw KvmPveException.Invalid("PiKvmInvalidDelay", $"-Delay {d.ToString(CultureInfo.InvariantCulture)} is not valid: kvmd takes 0 to 5 seconds between keys.");
            }

            EnsureOpen();
            if (keymap != null)
            {
                IReadOnlyList<PiKvmKeymap> keymaps = await GetKeymapsAsync(cancellationToken).ConfigureAwait(false);
                if (!keymaps.Any(k => k.Name == keymap))
                {
                    throw KvmPveException.Invalid("PiKvmUnknownKeymap", $"The PiKVM has no keymap '{keymap}'. Keymaps: {string.Join(", ", keymaps.Select(k => k.Name))}.");
                }
            }

            var query = new List<KeyValuePair<string, string>> { Pair("limit", "0") };
            if (keymap != null)
            {
                query.Add(Pair("keymap", keymap));
            }

            if (slow)
            {
                query.Add(Pair("slow", "1"));
            }

            if (delay is double seconds)
            {
                query.Add(Pair("delay", seconds.ToString("0.###", CultureInfo.InvariantCulture)));
            }

            int start = 0;
            while (start < text.Length)
            {
                // Never split a surrogate pair between two pieces.
                int length = Math.Min(PrintChunk, text.Length - start);
                if (start + length < text.Length && char.IsHighSurrogate(text[start + length - 1]))
                {
                    length--;
                }

                string piece = text.Substring(start, length);
                using (HttpResponseMessage _ = await Client.SendAsync(HttpMethod.Post, "/api/hid/print", query,
                    () => new StringContent(piece, Encoding.UTF8, "text/plain"), HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false))
                {
                }

                start += length;
            }
        }

        /// <summary>
        /// Presses each item in turn: a key is pressed and released; a chord presses its keys in order and releases them
        /// in reverse. Every item is checked before the first key goes out, and keys held when something fails are released.
        /// </summary>
        internal async Task SendKeysAsync(IEnumerable<string> items, CancellationToken cancellationToken)
        {
            List<IReadOnlyList<string>> chords = items.Select(PiKvmKeys.ParseChord).ToList();
            EnsureOpen();
            KvmdSocket? socket = await Hid.SocketAsync(cancellationToken).ConfigureAwait(false);
            foreach (IReadOnlyList<string> chord in chords)
            {
                var held = new Stack<string>();
                try
                {
                    foreach (string key in chord)
                    {
                        await KeyAsync(socket, key, true, cancellationToken).ConfigureAwait(false);
                        held.Push(key);
                    }
                }
                finally
                {
                    while (held.Count > 0)
                    {
                        // Released even when cancelled: a stuck Ctrl on a server's console is worse than a late stop.
                        await KeyAsync(socket, held.Pop(), false, CancellationToken.None).ConfigureAwait(false);
                    }
                }
            }

            if (socket != null)
            {
                await Hid.FlushAsync(socket, cancellationToken).ConfigureAwait(false);
            }
        }

        private Task KeyAsync(KvmdSocket? socket, string key, bool pressed, CancellationToken cancellationToken) => socket != null
            ? Hid.SendAsync(socket, "key", new { key, state = pressed, finish = false }, cancellationToken)
            : PostAsync("/api/hid/events/send_key", new[] { Pair("key", key), Pair("state", pressed ? "1" : "0") }, cancellationToken);
    }
}
