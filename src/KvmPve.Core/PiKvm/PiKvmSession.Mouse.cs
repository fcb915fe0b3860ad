using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using KvmPve.Errors;
using KvmPve.Json;
using KvmPve.PiKvm;

namespace KvmPve
{
    /// <summary>What Send-PiKvmMouse does, in this order: move, click (twice for a double click), scroll.</summary>
    public sealed class PiKvmMouseAction
    {
        /// <summary>x, y in screen pixels (absolute mouse).</summary>
        public int[]? MoveTo { get; set; }

        /// <summary>dx, dy in mouse steps (relative mouse).</summary>
        public int[]? Relative { get; set; }

        /// <summary>Left, Right, Middle, Back or Forward.</summary>
        public string? Click { get; set; }

        public bool DoubleClick { get; set; }

        /// <summary>Wheel steps: positive scrolls up, negative down.</summary>
        public int? Wheel { get; set; }
    }

    public sealed partial class PiKvmSession
    {
        // kvmd's button names (kvmd/keyboard/mappings: MOUSE_TO_EVDEV): back and forward are "up" and "down".
        private static readonly Dictionary<string, string> Buttons = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["Left"] = "left", ["Right"] = "right", ["Middle"] = "middle", ["Back"] = "up", ["Forward"] = "down",
        };

        /// <summary>The shape of the action, checked before any request: pairs of numbers, a known button, something to do.</summary>
        internal static void CheckMouse(PiKvmMouseAction action)
        {
            if (action.MoveTo == null && action.Relative == null && action.Click == null && !action.DoubleClick && action.Wheel == null)
            {
                throw KvmPveException.Invalid("PiKvmMouseNothing", "Nothing to do: give -MoveTo, -Relative, -Click, -DoubleClick or -Wheel.");
            }

            if (action.MoveTo != null && (action.MoveTo.Length != 2 || action.MoveTo.Any(v => v < 0)))
            {
                throw KvmPveException.Invalid("PiKvmMouseOutOfScreen", $"-MoveTo {string.Join(",", action.MoveTo)} is not a point on the screen: give x, y in pixels, from 0, 0 at the top left.");
            }

            if (action.Relative != null && action.Relative.Length != 2)
            {
                throw KvmPveException.Invalid("PiKvmInvalidMouseMove", $"-Relative {string.Join(",", action.Relative)} is not a move: give dx, dy.");
            }

            if (action.MoveTo != null && action.Relative != null)
            {
                throw KvmPveException.Invalid("PiKvmInvalidMouseMove", "Give -MoveTo (an absolute mouse) or -Relative (a relative one), not both.");
            }

            if (action.Click != null && !Buttons.ContainsKey(action.Click))
            {
                throw KvmPveException.Invalid("PiKvmInvalidMouseButton", $"'{action.Click}' is not a mouse button. Valid: {string.Join(", ", Buttons.Keys)}.");
            }
        }

        /// <summary>The captured screen's size, from the streamer (started by watching the stream for a moment when it is idle).</summary>
        internal async Task<(int Width, int Height)> ScreenSizeAsync(CancellationToken cancellationToken)
        {
            EnsureOpen();
            if (await StreamerResolutionAsync(cancellationToken).ConfigureAwait(false) is (int, int) size)
            {
                return size;
            }

            // kvmd runs ustreamer only while someone watches: watch until it reports the source.
            using (KvmdSocket watcher = await KvmdSocket.ConnectAsync(Client, stream: true, cancellationToken).ConfigureAwait(false))
            {
                for (int attempt = 0; attempt < 20; attempt++)
                {
                    await Task.Delay(250, cancellationToken).ConfigureAwait(false);
                    if (await StreamerResolutionAsync(cancellationToken).ConfigureAwait(false) is (int, int) found)
                    {
                        await watcher.CloseAsync().ConfigureAwait(false);
                        return found;
                    }
                }
            }

            throw new KvmPveException(ErrorKind.ResourceUnavailable, "PiKvmNoVideo", $"PiKVM {Server} reports no screen size (its video streamer did not start), so pixels cannot be mapped.");
        }

        /// <summary>Moves, clicks and scrolls, over the WebSocket where kvmd has one, each step one event.</summary>
        internal async Task SendMouseAsync(PiKvmMouseAction action, CancellationToken cancellationToken)
        {
            CheckMouse(action);
            EnsureOpen();
            (int X, int Y)? to = null;
            if (action.MoveTo is int[] point)
            {
                (int width, int height) = await ScreenSizeAsync(cancellationToken).ConfigureAwait(false);
                if (point[0] >= width || point[1] >= height)
                {
                    throw KvmPveException.Invalid("PiKvmMouseOutOfScreen", $"-MoveTo {point[0]},{point[1]} is off the screen, which is {width}x{height}: x runs from 0 to {width - 1}, y from 0 to {height - 1}.");
                }

                to = (Remap(point[0], width), Remap(point[1], height));
            }

            if (action.Relative != null)
            {
                JsonElement hid = await GetAsync("/api/hid", cancellationToken).ConfigureAwait(false);
                if (JsonTree.Flag(hid, "mouse", "absolute") == true)
                {
                    throw new KvmPveException(ErrorKind.InvalidOperation, "PiKvmMouseAbsolute",
                        "The PiKVM's mouse is absolute, which ignores relative moves: use -MoveTo, or switch the mouse output to usb_rel (Invoke-PiKvmApi Post hid/set_params -Query @{ mouse_output = 'usb_rel' }).");
                }
            }

            KvmdSocket? socket = await Hid.SocketAsync(cancellationToken).ConfigureAwait(false);
            if (to is (int x, int y))
            {
                await MouseAsync(socket, "mouse_move", new { to = new { x, y } }, "/api/hid/events/send_mouse_move", new[] { Pair("to_x", Text(x)), Pair("to_y", Text(y)) }, cancellationToken).ConfigureAwait(false);
            }

            // kvmd takes relative moves and wheel steps of -127..127 each: larger ones go in several.
            foreach ((int dx, int dy) in Steps(action.Relative?[0] ?? 0, action.Relative?[1] ?? 0))
            {
                await MouseAsync(socket, "mouse_relative", new { delta = new { x = dx, y = dy } }, "/api/hid/events/send_mouse_relative", new[] { Pair("delta_x", Text(dx)), Pair("delta_y", Text(dy)) }, cancellationToken).ConfigureAwait(false);
            }

            string? button = action.Click != null ? Buttons[action.Click] : action.DoubleClick ? "left" : null;
            for (int click = 0; button != null && click < (action.DoubleClick ? 2 : 1); click++)
            {
                foreach (bool pressed in new[] { true, false })
                {
                    await MouseAsync(socket, "mouse_button", new { button, state = pressed }, "/api/hid/events/send_mouse_button", new[] { Pair("button", button), Pair("state", pressed ? "1" : "0") }, cancellationToken).ConfigureAwait(false);
                }
            }

            foreach ((int _, int dy) in Steps(0, action.Wheel ?? 0))
            {
                await MouseAsync(socket, "mouse_wheel", new { delta = new { x = 0, y = dy } }, "/api/hid/events/send_mouse_wheel", new[] { Pair("delta_x", "0"), Pair("delta_y", Text(dy)) }, cancellationToken).ConfigureAwait(false);
            }

            if (socket != null)
            {
                await Hid.FlushAsync(socket, cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>A pixel in kvmd's absolute range, -32768..32767 across the screen (kvmd's tools.remap, as its web UI does).</summary>
        internal static int Remap(int pixel, int size) =>
            size <= 1 ? 0 : (int)Math.Round(pixel * 65535.0 / (size - 1)) - 32768;

        private static IEnumerable<(int, int)> Steps(int dx, int dy)
        {
            while (dx != 0 || dy != 0)
            {
                int x = Math.Max(-127, Math.Min(127, dx));
                int y = Math.Max(-127, Math.Min(127, dy));
                yield return (x, y);
                dx -= x;
                dy -= y;
            }
        }

        private async Task<(int, int)?> StreamerResolutionAsync(CancellationToken cancellationToken)
        {
            JsonElement streamer = await GetAsync("/api/streamer", cancellationToken).ConfigureAwait(false);
            double? width = JsonTree.Number(streamer, "streamer", "source", "resolution", "width");
            double? height = JsonTree.Number(streamer, "streamer", "source", "resolution", "height");
            return width > 0 && height > 0 ? ((int)width.Value, (int)height.Value) : ((int, int)?)null;
        }

        private Task MouseAsync(KvmdSocket? socket, string type, object body, string path, KeyValuePair<string, string>[] query, CancellationToken cancellationToken) =>
            socket != null ? Hid.SendAsync(socket, type, body, cancellationToken) : PostAsync(path, query, cancellationToken);

        private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
    }
}
