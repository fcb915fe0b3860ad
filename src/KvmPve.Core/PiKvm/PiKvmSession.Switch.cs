using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using KvmPve.Errors;

namespace KvmPve
{
    public sealed partial class PiKvmSession
    {
        /// <summary>How often a wait for a Switch port's ATX press reads the Switch's state (its API has no wait).</summary>
        internal static TimeSpan SwitchPollInterval { get; set; } = TimeSpan.FromMilliseconds(200);

        internal async Task<PiKvmSwitch> GetSwitchAsync(CancellationToken cancellationToken) =>
            PiKvmSwitch.From(await GetAsync("/api/switch", cancellationToken).ConfigureAwait(false), this);

        /// <summary>The named port, checked against the Switch kvmd reports; a wrong one is refused before anything is sent.</summary>
        internal async Task<PiKvmSwitchPort> GetSwitchPortAsync(string port, CancellationToken cancellationToken) =>
            (await GetSwitchAsync(cancellationToken).ConfigureAwait(false)).Port(port);

        internal Task SetSwitchActiveAsync(PiKvmSwitchPort port, CancellationToken cancellationToken) =>
            PostAsync("/api/switch/set_active", new[] { PortPair(port) }, cancellationToken);

        /// <summary>Sets a port's name, EDID and dummy display, checked first (<see cref="PiKvmSwitch.Check"/>).</summary>
        internal Task SetSwitchPortAsync(PiKvmSwitch state, PiKvmSwitchPort port, PiKvmSwitchPortParams settings, CancellationToken cancellationToken)
        {
            state.Check(settings);
            var query = new List<KeyValuePair<string, string>> { PortPair(port) };
            if (settings.EdidId != null)
            {
                query.Add(Pair("edid_id", settings.EdidId.ToLowerInvariant()));
            }

            if (settings.Name != null)
            {
                query.Add(Pair("name", settings.Name));
            }

            if (settings.Dummy is bool dummy)
            {
                query.Add(Pair("dummy", dummy ? "1" : "0"));
            }

            return PostAsync("/api/switch/set_port_params", query, cancellationToken);
        }

        /// <summary>
        /// An ATX power action on a Switch port. kvmd ignores a press on a busy port (chain.py is_atx_allowed), so a busy
        /// port is refused here; with <paramref name="wait"/> the port is watched until the press is over.
        /// </summary>
        internal Task SwitchAtxPowerAsync(PiKvmSwitchPort port, PiKvmAtxPowerAction action, bool wait, CancellationToken cancellationToken) =>
            SwitchAtxAsync(port, "/api/switch/atx/power", Pair("action", PiKvmAtxState.WireName(action)), wait, cancellationToken);

        internal Task SwitchAtxClickAsync(PiKvmSwitchPort port, PiKvmAtxButton button, bool wait, CancellationToken cancellationToken) =>
            SwitchAtxAsync(port, "/api/switch/atx/click", Pair("button", PiKvmAtxState.WireName(button)), wait, cancellationToken);

        /// <summary>A Switch port's ATX as a <see cref="PiKvmAtxState"/>, like the PiKVM's own.</summary>
        internal async Task<PiKvmAtxState> GetSwitchAtxAsync(string port, CancellationToken cancellationToken) =>
            PiKvmAtxState.From(await GetSwitchPortAsync(port, cancellationToken).ConfigureAwait(false));

        private async Task SwitchAtxAsync(PiKvmSwitchPort port, string path, KeyValuePair<string, string> what, bool wait, CancellationToken cancellationToken)
        {
            if (port.Busy)
            {
                throw new KvmPveException(ErrorKind.ResourceBusy, "PiKvmSwitchAtxBusy", $"ATX of Switch port {port.Id} is busy with another press; kvmd would ignore this one. Try again in a moment.");
            }

            await PostAsync(path, new[] { PortPair(port), what }, cancellationToken).ConfigureAwait(false);
            if (!wait)
            {
                return;
            }

            // The Switch's API has no wait: its state shows the port busy while the press lasts (at most 10 s,
            // validators/switch.py). The press is over once busy was seen and is gone, or the power LED changed; a
            // press kvmd skipped (on while on) shows neither, hence the grace.
            var watch = System.Diagnostics.Stopwatch.StartNew();
            bool seenBusy = false;
            while (true)
            {
                PiKvmSwitchPort now = await GetSwitchPortAsync(port.Id, cancellationToken).ConfigureAwait(false);
                seenBusy |= now.Busy;
                if (!now.Busy && (seenBusy || now.PowerLed != port.PowerLed || watch.Elapsed > TimeSpan.FromSeconds(2)))
                {
                    return;
                }

                if (watch.Elapsed > TimeSpan.FromSeconds(15))
                {
                    throw new KvmPveException(ErrorKind.OperationTimeout, "PiKvmSwitchAtxTimeout",
                        $"ATX of Switch port {port.Id} was still busy after 15 s; last seen: power LED {(now.PowerLed ? "on" : "off")}, busy.");
                }

                await Task.Delay(SwitchPollInterval, cancellationToken).ConfigureAwait(false);
            }
        }

        private static KeyValuePair<string, string> PortPair(PiKvmSwitchPort port) => Pair("port", port.Index.ToString(CultureInfo.InvariantCulture));
    }
}
