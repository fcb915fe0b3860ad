using System;
using System.Net.Http;
using System.Net.WebSockets;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using KvmPve.Errors;

namespace KvmPve.Transport
{
    /// <summary>
    /// Opens a WebSocket through a session's own HttpClient, so the same TLS policy (verification, pinning) checks the
    /// handshake: kvmd's event stream, PVE's vncwebsocket.
    /// </summary>
    internal static class WebSocketConnect
    {
        // ClientWebSocket.ConnectAsync(Uri, HttpMessageInvoker, CancellationToken) is .NET 7's; Core targets netstandard2.0
        // (Windows PowerShell), where the only other way to check the certificate is a process-wide callback.
        private static readonly MethodInfo? ConnectWithInvoker = typeof(ClientWebSocket).GetMethod(
            "ConnectAsync", new[] { typeof(Uri), typeof(HttpMessageInvoker), typeof(CancellationToken) });

        /// <summary>
        /// Connects <paramref name="socket"/> (headers and sub-protocols already set) to <paramref name="uri"/> (http/https
        /// become ws/wss) within the transport's timeout; a failure becomes <paramref name="failed"/>'s error.
        /// </summary>
        public static async Task ConnectAsync(HttpTransport transport, ClientWebSocket socket, Uri uri, Func<string, KvmPveException> failed, CancellationToken cancellationToken)
        {
            if (ConnectWithInvoker == null)
            {
                throw new KvmPveException(ErrorKind.ResourceUnavailable, "KvmPveWebSocketNotSupported",
                    "This needs PowerShell 7: its WebSocket has to check the server's certificate the way the session does.");
            }

            var builder = new UriBuilder(uri);
            builder.Scheme = builder.Scheme == Uri.UriSchemeHttp ? "ws" : "wss";
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                timeout.CancelAfter(transport.Timeout);
                try
                {
                    await ((Task)ConnectWithInvoker.Invoke(socket, new object[] { builder.Uri, transport.Invoker, timeout.Token })!).ConfigureAwait(false);
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested && (ex is WebSocketException || ex is HttpRequestException || ex is OperationCanceledException))
                {
                    socket.Dispose();
                    KvmPveException error = failed(ex.GetBaseException().Message.TrimEnd('.'));
                    throw new KvmPveException(error.Kind, error.ErrorId, error.Message, null, null, ex);
                }
            }
        }
    
        /// <summary>Says goodbye to the server, briefly: closing is courtesy, and the connection goes either way.</summary>
        public static async Task SayGoodbyeAsync(WebSocket socket)
        {
            if (socket.State != WebSocketState.Open)
            {
                return;
            }

            using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2)))
            {
                try
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, string.Empty, timeout.Token).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is WebSocketException || ex is OperationCanceledException || ex is ObjectDisposedException)
                {
                    // Gone already.
                }
            }
        }

        /// <summary><see cref="SayGoodbyeAsync"/>, then lets the socket go (from Dispose, which cannot wait asynchronously).</summary>
        public static void CloseQuietly(WebSocket socket)
        {
            SayGoodbyeAsync(socket).GetAwaiter().GetResult();
            socket.Dispose();
        }
    }
}
