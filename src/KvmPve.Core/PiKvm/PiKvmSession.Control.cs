using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using KvmPve.Errors;
using KvmPve.Json;

namespace KvmPve
{
    public sealed partial class PiKvmSession
    {
        internal async Task<PiKvmAtxState> GetAtxAsync(CancellationToken cancellationToken) =>
            PiKvmAtxState.From(await GetAsync("/api/atx", cancellationToken).ConfigureAwait(false), this);

        /// <summary>POST /api/atx/power; with <paramref name="wait"/> kvmd answers once the press is over.</summary>
        internal Task AtxPowerAsync(PiKvmAtxPowerAction action, bool wait, CancellationToken cancellationToken) =>
            PostAsync("/api/atx/power", new[] { Pair("action", PiKvmAtxState.WireName(action)), Pair("wait", wait ? "1" : "0") }, cancellationToken);

        internal Task AtxClickAsync(PiKvmAtxButton button, bool wait, CancellationToken cancellationToken) =>
            PostAsync("/api/atx/click", new[] { Pair("button", PiKvmAtxState.WireName(button)), Pair("wait", wait ? "1" : "0") }, cancellationToken);

        /// <summary>The channels, or those named (wildcards allowed); an unknown name goes to <paramref name="notFound"/> listing the channels.</summary>
        internal async Task<IReadOnlyList<PiKvmGpioChannel>> GetGpioAsync(IReadOnlyList<string>? channels, Action<KvmPveException>? notFound, CancellationToken cancellationToken)
        {
            List<PiKvmGpioChannel> all = PiKvmGpioChannel.From(await GetAsync("/api/gpio", cancellationToken).ConfigureAwait(false), this);
            return Wildcard.Select(all, channels, c => c.Channel, name => notFound?.Invoke(new KvmPveException(ErrorKind.ObjectNotFound, "PiKvmGpioChannelNotFound",
                $"The PiKVM has no GPIO channel '{name}'. Its channels: {string.Join(", ", all.Select(c => c.Channel))}.")));
        }

        /// <summary>The named output, checked against the PiKVM's channels; an unknown one is ObjectNotFound listing them.</summary>
        internal async Task<PiKvmGpioChannel> GetGpioOutputAsync(string channel, CancellationToken cancellationToken)
        {
            IReadOnlyList<PiKvmGpioChannel> channels = await GetGpioAsync(null, null, cancellationToken).ConfigureAwait(false);
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

        /// <summary>
        /// Wakes the machine over the LAN: kvmd sends the magic packet when its Wake-on-LAN GPIO channel is pulsed
        /// (a "wol" driver in /etc/kvmd/override.yaml). A PiKVM without that channel is told how to set it up.
        /// </summary>
        internal async Task WakeOnLanAsync(string channel, CancellationToken cancellationToken)
        {
            IReadOnlyList<PiKvmGpioChannel> channels = await GetGpioAsync(null, null, cancellationToken).ConfigureAwait(false);
            if (!channels.Any(c => c.Channel == channel && c.Direction == PiKvmGpioDirection.Output))
            {
                throw new KvmPveException(ErrorKind.ResourceUnavailable, "PiKvmWakeOnLanUnavailable",
                    $"PiKVM {Server} has no Wake-on-LAN channel '{channel}'. Set it up in /etc/kvmd/override.yaml: kvmd: gpio: drivers: {channel}: {{type: wol, mac: <the machine's MAC>}}, and a scheme output '{channel}' on that driver (mode: output, switch: false).");
            }

            await PulseGpioAsync(channel, null, true, cancellationToken).ConfigureAwait(false);
        }
    }
}
