using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using KvmPve.Errors;
using KvmPve.PiKvm;

namespace KvmPve
{
    public sealed partial class PiKvmSession
    {
        /// <summary>How long after Enter the menu must have gone (the firmware starts the entry).</summary>
        internal static TimeSpan BootMenuCloseTimeout { get; set; } = TimeSpan.FromSeconds(15);

        /// <summary>
        /// A one-time boot from the entry matching <see cref="PiKvmBootMenuOptions.Select"/> (PiKVM has no boot override,
        /// pikvm/pikvm#1525): start the machine, press the menu key until OCR shows the menu, move to the entry reading
        /// the screen after each key, press Enter, and see the menu close. Each step is told to <paramref name="step"/>;
        /// a failure names what the screen showed last.
        /// </summary>
        internal async Task<PiKvmBootMenuResult> BootMenuAsync(PiKvmBootMenuOptions options, Action<string> step, CancellationToken cancellationToken)
        {
            Regex title = PiKvmBootMenu.Title(options.MenuPattern);
            PiKvmKeys.ParseChord(options.MenuKey);
            EnsureOpen();
            var watch = Stopwatch.StartNew();
            var steps = new List<string>();
            void Step(string text)
            {
                steps.Add(text);
                step(text);
            }

            KvmdSocket? video = await KeepVideoOnAsync(Step, cancellationToken).ConfigureAwait(false);
            try
            {
                if (options.Restart)
                {
                    bool on = (await GetAtxAsync(cancellationToken).ConfigureAwait(false)).PowerLed;
                    await AtxPowerAsync(on ? PiKvmAtxPowerAction.ResetHard : PiKvmAtxPowerAction.On, true, cancellationToken).ConfigureAwait(false);
                    Step(on ? "Reset the machine." : "Powered the machine on.");
                }

                (PiKvmBootMenu menu, string screen) = await OpenBootMenuAsync(options, title, Step, watch, cancellationToken).ConfigureAwait(false);
                int target = menu.Find(options.Select);
                int at = menu.Marked ?? 0;
                Step($"The boot menu shows {menu.Entries.Count} entries; '{menu.Entries[target]}' is number {target + 1}.");
                for (int moves = 0; at != target; moves++)
                {
                    if (moves > menu.Entries.Count * 2)
                    {
                        throw new KvmPveException(ErrorKind.OperationTimeout, "PiKvmBootEntryNotReached",
                            $"The selection did not reach '{menu.Entries[target]}' after {moves} keys; the screen shows: '{Shorten(screen.Trim())}'.");
                    }

                    string key = target > at ? "ArrowDown" : "ArrowUp";
                    await SendKeysAsync(new[] { key }, cancellationToken).ConfigureAwait(false);
                    screen = await ReadScreenOrEmptyAsync(cancellationToken).ConfigureAwait(false);
                    PiKvmBootMenu now = menu.Again(screen, title) ?? throw new KvmPveException(ErrorKind.InvalidResult, "PiKvmBootMenuClosed",
                        $"The boot menu closed after {key} before '{menu.Entries[target]}' was selected; the screen shows: '{Shorten(screen.Trim())}'.");
                    at = now.Marked ?? Math.Max(0, Math.Min(at + (key == "ArrowDown" ? 1 : -1), menu.Entries.Count - 1));
                }

                await SendKeysAsync(new[] { "Enter" }, cancellationToken).ConfigureAwait(false);
                Step($"Chose '{menu.Entries[target]}' with Enter.");
                var closing = Stopwatch.StartNew();
                while (menu.Again(screen = await ReadScreenOrEmptyAsync(cancellationToken).ConfigureAwait(false), title) != null)
                {
                    if (closing.Elapsed > BootMenuCloseTimeout)
                    {
                        throw new KvmPveException(ErrorKind.OperationTimeout, "PiKvmBootMenuStillOpen",
                            $"The boot menu was still shown {BootMenuCloseTimeout.TotalSeconds} s after Enter on '{menu.Entries[target]}'; the screen shows: '{Shorten(screen.Trim())}'.");
                    }

                    await Task.Delay(options.KeyInterval, cancellationToken).ConfigureAwait(false);
                }

                return new PiKvmBootMenuResult { Entry = menu.Entries[target], Entries = menu.Entries, Steps = steps, Screen = screen, Elapsed = watch.Elapsed, Session = this };
            }
            finally
            {
                await VideoOffAsync(video).ConfigureAwait(false);
            }
        }

        /// <summary>Presses the menu key while the firmware starts until the screen shows a boot menu, within the timeout.</summary>
        private async Task<(PiKvmBootMenu, string)> OpenBootMenuAsync(PiKvmBootMenuOptions options, Regex title, Action<string> step, Stopwatch watch, CancellationToken cancellationToken)
        {
            string screen = string.Empty;
            int presses = 0;
            while (true)
            {
                await SendKeysAsync(new[] { options.MenuKey }, cancellationToken).ConfigureAwait(false);
                presses++;
                screen = await ReadScreenOrEmptyAsync(cancellationToken).ConfigureAwait(false);
                if (PiKvmBootMenu.Read(screen, title) is PiKvmBootMenu menu)
                {
                    step($"Pressed {options.MenuKey} {presses} times; the boot menu is shown.");
                    return (menu, screen);
                }

                if (watch.Elapsed >= options.Timeout)
                {
                    throw new KvmPveException(ErrorKind.OperationTimeout, "PiKvmBootMenuTimeout",
                        $"No boot menu showed within {options.Timeout.TotalSeconds} s of pressing {options.MenuKey} ({presses} times). Last seen: {(screen.Trim().Length == 0 ? "nothing (no video signal)" : "'" + Shorten(screen.Trim()) + "'")}.");
                }

                await Task.Delay(options.KeyInterval, cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>The screen's text; empty while there is no video signal (the machine starting).</summary>
        private async Task<string> ReadScreenOrEmptyAsync(CancellationToken cancellationToken)
        {
            try
            {
                return await ReadScreenTextAsync(new PiKvmOcrOptions(), cancellationToken).ConfigureAwait(false);
            }
            catch (KvmPveException ex) when (ex.ErrorId == "PiKvmNoSignal")
            {
                return string.Empty;
            }
        }
    }
}
