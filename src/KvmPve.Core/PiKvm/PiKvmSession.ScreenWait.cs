using System;
using System.Diagnostics;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using KvmPve.Errors;
using KvmPve.Json;
using KvmPve.PiKvm;

namespace KvmPve
{
    /// <summary>What Wait-PiKvmScreenText found: the matched text, the whole screen's text, and how long it took.</summary>
    public sealed class PiKvmScreenMatch
    {
        public string Pattern { get; set; } = string.Empty;

        /// <summary>The line that matched (a wildcard), or the regex's match.</summary>
        public string Match { get; set; } = string.Empty;

        /// <summary>All the text OCR read when it matched.</summary>
        public string Text { get; set; } = string.Empty;

        public TimeSpan Elapsed { get; set; }

        public override string ToString() => Match;
    }

    public sealed partial class PiKvmSession
    {
        /// <summary>
        /// Reads the screen by OCR every <paramref name="interval"/> until the text matches, case-insensitive: a
        /// wildcard pattern is looked for in each line, a regex anywhere (multi-line). A screen without
        /// signal (a reboot) is waited through. kvmd captures video only while someone watches the stream, so a
        /// WebSocket with the stream on is kept open for the wait. Timeout → OperationTimeout showing the last text.
        /// </summary>
        internal async Task<PiKvmScreenMatch> WaitScreenTextAsync(string pattern, bool regex, TimeSpan timeout, TimeSpan interval, PiKvmOcrOptions ocr, Action<string> note, CancellationToken cancellationToken)
        {
            Func<string, string?> find = Matcher(pattern, regex);
            EnsureOpen();
            var watch = Stopwatch.StartNew();
            KvmdSocket? stream = await KeepVideoOnAsync(note, cancellationToken).ConfigureAwait(false);
            try
            {
                string last = string.Empty;
                bool signal = true;
                while (true)
                {
                    try
                    {
                        last = await ReadScreenTextAsync(ocr, cancellationToken).ConfigureAwait(false);
                        signal = true;
                        if (find(last) is string match)
                        {
                            return new PiKvmScreenMatch { Pattern = pattern, Match = match, Text = last, Elapsed = watch.Elapsed };
                        }
                    }
                    catch (KvmPveException ex) when (ex.ErrorId == "PiKvmNoSignal")
                    {
                        if (signal)
                        {
                            note("No video signal (the machine may be rebooting); still waiting.");
                        }

                        signal = false;
                    }

                    if (watch.Elapsed >= timeout)
                    {
                        string seen = signal ? (last.Trim().Length == 0 ? "nothing" : "'" + Shorten(last.Trim()) + "'") : "no video signal";
                        throw new KvmPveException(ErrorKind.OperationTimeout, "PiKvmScreenTextTimeout",
                            $"The screen did not show '{pattern}' within {timeout.TotalSeconds} s. Last seen: {seen}.");
                    }

                    TimeSpan left = timeout - watch.Elapsed;
                    await Task.Delay(left < interval ? left : interval, cancellationToken).ConfigureAwait(false);
                }
            }
            finally
            {
                await VideoOffAsync(stream).ConfigureAwait(false);
            }
        }

        /// <summary>
        /// kvmd captures video only while someone watches the stream: a WebSocket with the stream on, kept open for a
        /// wait that reads the screen (null, with a note, when kvmd refuses it).
        /// </summary>
        private async Task<KvmdSocket?> KeepVideoOnAsync(Action<string> note, CancellationToken cancellationToken)
        {
            try
            {
                KvmdSocket stream = await KvmdSocket.ConnectAsync(Client, stream: true, cancellationToken).ConfigureAwait(false);
                _ = stream.ReadUntilClosedAsync(null);
                return stream;
            }
            catch (KvmPveException ex) when (ex.Kind == ErrorKind.ConnectionError || ex.Kind == ErrorKind.ResourceUnavailable)
            {
                note($"The video stream is not kept open ({ex.Message}); OCR may find no signal while nobody watches.");
                return null;
            }
        }

        private static async Task VideoOffAsync(KvmdSocket? stream)
        {
            if (stream != null)
            {
                await stream.CloseAsync().ConfigureAwait(false);
                stream.Dispose();
            }
        }

        /// <summary>A region must be a box on the screen: left &lt; right, top &lt; bottom, none negative.</summary>
        internal static void CheckRegion(int[]? region)
        {
            if (region != null && (region.Length != 4 || region.Any(v => v < 0) || region[0] >= region[2] || region[1] >= region[3]))
            {
                throw KvmPveException.Invalid("PiKvmInvalidRegion", $"-Region {string.Join(",", region)} is not a box on the screen: give left, top, right, bottom in pixels, with left < right and top < bottom.");
            }
        }

        /// <summary>The pattern as a function from screen text to what matched; a bad regex is refused before any request.</summary>
        internal static Func<string, string?> Matcher(string pattern, bool regex)
        {
            Func<string, (string Match, int End)?> locate = Locator(pattern, regex);
            return text => locate(text)?.Match;
        }

        /// <summary>
        /// Like <see cref="Matcher"/>, with where the match ends in the text (a console's wait consumes up to there): a
        /// wildcard matches the first line it fits (the last one too, without its newline), a regex anywhere (multi-line).
        /// </summary>
        internal static Func<string, (string Match, int End)?> Locator(string pattern, bool regex)
        {
            if (string.IsNullOrEmpty(pattern))
            {
                throw KvmPveException.Invalid("PiKvmInvalidPattern", "-Pattern is empty: give the text to wait for.");
            }

            if (regex)
            {
                Regex compiled;
                try
                {
                    compiled = new Regex(pattern, RegexOptions.IgnoreCase | RegexOptions.Multiline | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
                }
                catch (ArgumentException ex)
                {
                    throw KvmPveException.Invalid("PiKvmInvalidPattern", $"'{pattern}' is not a valid regular expression: {ex.Message}");
                }

                return text => compiled.Match(text) is Match m && m.Success ? (m.Value, m.Index + m.Length) : ((string, int)?)null;
            }

            string wildcard = (pattern.StartsWith("*", StringComparison.Ordinal) ? string.Empty : "*") + pattern + (pattern.EndsWith("*", StringComparison.Ordinal) ? string.Empty : "*");
            return text =>
            {
                int start = 0;
                foreach (string raw in text.Split('\n'))
                {
                    string line = raw.TrimEnd('\r');
                    if (Wildcard.IsMatch(line, wildcard))
                    {
                        return (line, start + raw.Length);
                    }

                    start += raw.Length + 1;
                }

                return null;
            };
        }

        private static string Shorten(string text) => text.Length <= 400 ? text : "…" + text.Substring(text.Length - 400);
    }
}
