using System;
using System.IO;
using System.Net.WebSockets;
using System.Threading;
using System.Threading.Tasks;

namespace KvmPve
{
    /// <summary>
    /// A WebSocket's binary messages as a byte stream, the way PVE's vncwebsocket carries VNC (noVNC's "binary"
    /// sub-protocol): reads take what arrives whatever the message bounds, writes are one binary message each. The
    /// framework's WebSocketStream is .NET 10's; Core targets netstandard2.0.
    /// </summary>
    internal sealed class WebSocketStream : Stream
    {
        private readonly ClientWebSocket _socket;
        private readonly SemaphoreSlim _sending = new SemaphoreSlim(1, 1);

        public WebSocketStream(ClientWebSocket socket) => _socket = socket;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            while (true)
            {
                WebSocketReceiveResult result = await _socket.ReceiveAsync(new ArraySegment<byte>(buffer, offset, count), cancellationToken).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return 0;
                }

                if (result.Count > 0 || count == 0)
                {
                    return result.Count;
                }
            }
        }

        public override async Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            await _sending.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await _socket.SendAsync(new ArraySegment<byte>(buffer, offset, count), WebSocketMessageType.Binary, true, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _sending.Release();
            }
        }

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

        public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        /// <summary>Closes the WebSocket (<see cref="Transport.WebSocketConnect.CloseQuietly"/>).</summary>
        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                Transport.WebSocketConnect.CloseQuietly(_socket);
                _sending.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
