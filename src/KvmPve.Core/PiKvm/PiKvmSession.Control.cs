using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using KvmPve.Errors;

namespace KvmPve
{
    public sealed partial class PiKvmSession
    {
        internal async Task<PiKvmAtxState> GetAtxAsync(CancellationToken cancellationToken)
        {
            EnsureOpen();
            return PiKvmAtxState.From(await Client.GetResultAsync(HttpMethod.Get, "/api/atx", null, cancellationToken).ConfigureAwait(false), this);
        }

        /// <summary>POST /api/atx/power; with <paramref name="wait"/> kvmd answers once the press is over.</summary>
        internal Task AtxPowerAsync(PiKvmAtxPowerAction action, bool wait, CancellationToken cancellationToken) =>
            PostAsync("/api/atx/power", new[] { Pair("action", PiKvmAtxState.WireName(action)), Pair("wait", wait ? "1" : "0") }, cancellationToken);

        internal Task AtxClickAsync(PiKvmAtxButton button, bool wait, CancellationToken cancellationToken) =>
            PostAsync("/api/atx/click", new[] { Pair("button", PiKvmAtxState.WireName(button)), Pair("wait", wait ? "1" : "0") }, cancellationToken);

        internal async Task<IReadOnlyList<PiKvmGpioChannel>> GetGpioAsync(CancellationToken cancellationToken)
        {
            EnsureOpen();
            return PiKvmGpioChannel.From(await Client.GetResultAsync(HttpMethod.Get, "/api/gpio", null, cancellationToken).ConfigureAwait(false), this);
        }

        /// <summary>The named output, checked against the PiKVM's channels; an unknown one is ObjectNotFound listing them.</summary>
        internal async Task<PiKvmGpioChannel> GetGpioOutputAsync(string channel, CancellationToken cancellationToken)
        {
            IReadOnlyList<PiKvmGpioChannel> channels = await GetGpioAsync(cancellationToken).ConfigureAwait(false);
            PiKvmGpioChannel? found = channels.FirstOrDefault(c => c.Channel == channel);
            if (found == null || found.Direction != PiKvmGpioDirection.Output)
            {
                string outputs = string.Join(", ", channels.Where(c => c.Direction == PiKvmGpioDirection.Output).Select(c => c.Channel));
                throw new KvmPveException(found == null ? ErrorKind.ObjectNotFound : ErrorKind.InvalidArgument, found == null ? "PiKvmGpioChannelNotFound" : "PiKvmGpioNotAnOutput",
                    found == null
                        ? $"The PiKVM has no GPIO channel '{channel}'. Its outputs: {(outputs.Length == 0 ? "none" : outputs)}."
                        : $"GPIO channel '{channel}' is an input and cannot be changed. Its outputs: {(outputs.Length == 0 ? "none" : outputs)}.");
            }

            return found;
        }

        internal Task SwitchGpioAsync(string channel, bool state, bool wait, CancellationToken cancellationToken) =>
            PostAsync("/api/gpio/switch", new[] { Pair("channel", channel), Pair("state", state ? "1" : "0"), Pair("wait", wait ? "1" : "0") }, cancellationToken);

        internal Task PulseGpioAsync(string channel, double? delay, bool wait, CancellationToken cancellationToken)
        {
            var query = new List<KeyValuePair<string, string>> { Pair("channel", channel), Pair("wait", wait ? "1" : "0") };
            if (delay is double seconds)
            {
                query.Add(Pair("delay", seconds.ToString("0.###", CultureInfo.InvariantCulture)));
            }

            return PostAsync("/api/gpio/pulse", query, cancellationToken);
        }

        private async Task PostAsync(string path, IEnumerable<KeyValuePair<string, string>> query, CancellationToken cancellationToken)
        {
            EnsureOpen();
            JsonElement _ = await Client.GetResultAsync(HttpMethod.Post, path, query, cancellationToken).ConfigureAwait(false);
        }

        private static KeyValuePair<string, string> Pair(string name, string value) => new KeyValuePair<string, string>(name, value);
    }
}
