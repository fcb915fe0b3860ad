using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using KvmPve.Errors;

namespace KvmPve
{
    /// <summary>
    /// The client side of the RFB protocol (RFC 6143), as much as a screenshot needs: version 3.8, security None or
    /// VNC authentication, a shared session, 32-bit true colour, Raw rectangles. Hand-written: no library here speaks RFB.
    /// </summary>
    internal sealed class RfbClient
    {
        private const int RawEncoding = 0;
        private const int DesktopSizeEncoding = -223;
        private readonly Stream _stream;
        private int _bytesPerPixel;

        private RfbClient(Stream stream) => _stream = stream;

        public int Width { get; private set; }

        public int Height { get; private set; }

        public string Name { get; private set; } = string.Empty;

        /// <summary>Greets the server, authenticates (with <paramref name="password"/> when it asks for VNC authentication) and reads its ServerInit.</summary>
        public static async Task<RfbClient> ConnectAsync(Stream stream, string? password, CancellationToken cancellationToken)
        {
            var client = new RfbClient(stream);
            await AuthenticateAsync(stream, password, cancellationToken).ConfigureAwait(false);
            await Rfb.WriteAsync(stream, new byte[] { 1 }, cancellationToken).ConfigureAwait(false); // shared: other viewers stay
            byte[] init = await Rfb.ReadAsync(stream, 24, cancellationToken).ConfigureAwait(false);
            client.Width = Rfb.U16(init, 0);
            client.Height = Rfb.U16(init, 2);
            client._bytesPerPixel = init[4] / 8;
            client.Name = Encoding.UTF8.GetString(await Rfb.ReadAsync(stream, (int)Rfb.U32(init, 20), cancellationToken).ConfigureAwait(false));
            return client;
        }

        /// <summary>RFB 3.8's handshake up to a successful SecurityResult: what a bridge does before it passes the rest through.</summary>
        public static async Task AuthenticateAsync(Stream stream, string? password, CancellationToken cancellationToken)
        {
            string version = Encoding.ASCII.GetString(await Rfb.ReadAsync(stream, 12, cancellationToken).ConfigureAwait(false));
            if (!version.StartsWith("RFB ", StringComparison.Ordinal))
            {
                throw new KvmPveException(ErrorKind.InvalidResult, "PveVncNotRfb", $"The console did not speak VNC (it began with '{version.Trim()}').");
            }

            await Rfb.WriteAsync(stream, Encoding.ASCII.GetBytes(Rfb.Version), cancellationToken).ConfigureAwait(false);
            int count = (await Rfb.ReadAsync(stream, 1, cancellationToken).ConfigureAwait(false))[0];
            if (count == 0)
            {
                throw new KvmPveException(ErrorKind.InvalidResult, "PveVncRefused", $"The VNC server refused the connection: {await Rfb.ReadReasonAsync(stream, cancellationToken).ConfigureAwait(false)}");
            }

            byte[] types = await Rfb.ReadAsync(stream, count, cancellationToken).ConfigureAwait(false);
            byte chosen = types.Contains(Rfb.VncAuthentication) && password != null ? Rfb.VncAuthentication
                : types.Contains(Rfb.NoAuthentication) ? Rfb.NoAuthentication
                : throw new KvmPveException(ErrorKind.InvalidResult, "PveVncSecurity", $"The VNC server offers security types {string.Join(", ", types)}; KvmPve speaks 1 (none) and 2 (VNC authentication).");
            await Rfb.WriteAsync(stream, new[] { chosen }, cancellationToken).ConfigureAwait(false);
            if (chosen == Rfb.VncAuthentication)
            {
                byte[] challenge = await Rfb.ReadAsync(stream, 16, cancellationToken).ConfigureAwait(false);
                await Rfb.WriteAsync(stream, VncDes.Response(challenge, password!), cancellationToken).ConfigureAwait(false);
            }

            if (Rfb.U32(await Rfb.ReadAsync(stream, 4, cancellationToken).ConfigureAwait(false), 0) != 0)
            {
                throw new KvmPveException(ErrorKind.AuthenticationError, "PveVncAuthenticationFailed", $"The VNC server refused the console's password: {await Rfb.ReadReasonAsync(stream, cancellationToken).ConfigureAwait(false)}");
            }
        }

        /// <summary>The whole screen once, as 32-bit pixels: blue, green, red, unused (little-endian, red at bit 16).</summary>
        public async Task<byte[]> CaptureAsync(CancellationToken cancellationToken)
        {
            byte[] format = { 0, 0, 0, 0, 32, 24, 0, 1, 0, 255, 0, 255, 0, 255, 16, 8, 0, 0, 0, 0 };
            byte[] encodings = { 2, 0, 0, 2, 0, 0, 0, (byte)RawEncoding, 0xFF, 0xFF, 0xFF, unchecked((byte)DesktopSizeEncoding) };
            await Rfb.WriteAsync(_stream, format, cancellationToken).ConfigureAwait(false);
            _bytesPerPixel = 4;
            await Rfb.WriteAsync(_stream, encodings, cancellationToken).ConfigureAwait(false);
            await RequestAsync(cancellationToken).ConfigureAwait(false);
            byte[] pixels = new byte[Width * Height * 4];
            long covered = 0;
            while (covered < (long)Width * Height)
            {
                byte type = (await Rfb.ReadAsync(_stream, 1, cancellationToken).ConfigureAwait(false))[0];
                switch (type)
                {
                    case 0:
                        byte[] header = await Rfb.ReadAsync(_stream, 3, cancellationToken).ConfigureAwait(false);
                        for (int r = Rfb.U16(header, 1); r > 0; r--)
                        {
                            byte[] rect = await Rfb.ReadAsync(_stream, 12, cancellationToken).ConfigureAwait(false);
                            int x = Rfb.U16(rect, 0), y = Rfb.U16(rect, 2), w = Rfb.U16(rect, 4), h = Rfb.U16(rect, 6);
                            int encoding = (int)Rfb.U32(rect, 8);
                            if (encoding == DesktopSizeEncoding)
                            {
                                // The screen changed size: start over at the new one.
                                (Width, Height, pixels, covered) = (w, h, new byte[w * h * 4], 0);
                                await RequestAsync(cancellationToken).ConfigureAwait(false);
                                continue;
                            }

                            if (encoding != RawEncoding || x + w > Width || y + h > Height)
                            {
                                throw new KvmPveException(ErrorKind.InvalidResult, "PveVncUnexpected", $"The VNC server sent a rectangle KvmPve did not ask for (encoding {encoding}, {w}x{h} at {x},{y}).");
                            }

                            for (int row = 0; row < h; row++)
                            {
                                await Rfb.ReadIntoAsync(_stream, pixels, ((y + row) * Width + x) * 4, w * 4, cancellationToken).ConfigureAwait(false);
                            }

                            covered += (long)w * h;
                        }

                        break;
                    default:
                        await SkipAsync(type, cancellationToken).ConfigureAwait(false);
                        break;
                }
            }

            return pixels;
        }

        /// <summary>
        /// A round trip: a 1×1 screen update asked for and read. The server handles a connection's messages in order, so
        /// once it answers, everything sent before (key events) has been taken.
        /// </summary>
        public async Task SyncAsync(CancellationToken cancellationToken)
        {
            await Rfb.WriteAsync(_stream, new byte[] { 3, 0, 0, 0, 0, 0, 0, 1, 0, 1 }, cancellationToken).ConfigureAwait(false);
            while (true)
            {
                byte type = (await Rfb.ReadAsync(_stream, 1, cancellationToken).ConfigureAwait(false))[0];
                if (type != 0)
                {
                    await SkipAsync(type, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                byte[] header = await Rfb.ReadAsync(_stream, 3, cancellationToken).ConfigureAwait(false);
                for (int r = Rfb.U16(header, 1); r > 0; r--)
                {
                    byte[] rect = await Rfb.ReadAsync(_stream, 12, cancellationToken).ConfigureAwait(false);
                    if ((int)Rfb.U32(rect, 8) != RawEncoding)
                    {
                        throw new KvmPveException(ErrorKind.InvalidResult, "PveVncUnexpected", $"The VNC server sent encoding {(int)Rfb.U32(rect, 8)}, which KvmPve did not ask for.");
                    }

                    await Rfb.ReadAsync(_stream, Rfb.U16(rect, 4) * Rfb.U16(rect, 6) * _bytesPerPixel, cancellationToken).ConfigureAwait(false);
                }

                return;
            }
        }

        /// <summary>
        /// Types <paramref name="text"/> as KeyEvents: each character's X keysym, Shift held around those a US
        /// keyboard shifts (QEMU lowercases a letter's keysym and keeps the shift state the viewer sends, ui/vnc.c
        /// key_event), Return for a line break, Tab, Backspace and Escape for their characters.
        /// </summary>
        public async Task TypeAsync(string text, CancellationToken cancellationToken)
        {
            var events = new MemoryStream();
            foreach (char c in text)
            {
                (uint keysym, bool shift) = UsKeyboard.Keysym(c);
                if (shift)
                {
                    KeyEvent(events, UsKeyboard.ShiftKeysym, true);
                }

                KeyEvent(events, keysym, true);
                KeyEvent(events, keysym, false);
                if (shift)
                {
                    KeyEvent(events, UsKeyboard.ShiftKeysym, false);
                }
            }

            await Rfb.WriteAsync(_stream, events.ToArray(), cancellationToken).ConfigureAwait(false);
        }

        /// <summary>The server messages a capture does not use: colour maps, bells, cut text.</summary>
        private async Task SkipAsync(byte type, CancellationToken cancellationToken)
        {
            switch (type)
            {
                case 1:
                    byte[] colours = await Rfb.ReadAsync(_stream, 5, cancellationToken).ConfigureAwait(false);
                    await Rfb.ReadAsync(_stream, Rfb.U16(colours, 3) * 6, cancellationToken).ConfigureAwait(false);
                    break;
                case 2:
                    break;
                case 3:
                    byte[] cut = await Rfb.ReadAsync(_stream, 7, cancellationToken).ConfigureAwait(false);
                    await Rfb.ReadAsync(_stream, (int)Rfb.U32(cut, 3), cancellationToken).ConfigureAwait(false);
                    break;
                default:
                    throw new KvmPveException(ErrorKind.InvalidResult, "PveVncUnexpected", $"The VNC server sent message type {type}, which RFB 3.8 does not have.");
            }
        }

        private static void KeyEvent(Stream events, uint keysym, bool down)
        {
            events.WriteByte(4);
            events.WriteByte(down ? (byte)1 : (byte)0);
            events.WriteByte(0);
            events.WriteByte(0);
            events.Write(Rfb.U32Bytes(keysym), 0, 4);
        }

        private Task RequestAsync(CancellationToken cancellationToken) =>
            Rfb.WriteAsync(_stream, new byte[] { 3, 0, 0, 0, 0, 0, (byte)(Width >> 8), (byte)Width, (byte)(Height >> 8), (byte)Height }, cancellationToken);
    }
}
