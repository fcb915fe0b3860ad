using System;
using System.Diagnostics;
using System.Net;
using System.Net.Http;
using System.Security.Authentication;
using System.Threading;
using System.Threading.Tasks;
using KvmPve.Errors;

namespace KvmPve.Transport
{
    /// <summary>
    /// One HttpClient per session (so connections are reused), with that session's TLS policy and timeout,
    /// turning every transport failure into a <see cref="KvmPveException"/>. Shared by the PiKVM and PVE clients.
    /// </summary>
    public sealed class HttpTransport : IDisposable
    {
        private readonly HttpClient _client;
        private readonly string _errorPrefix;
        private volatile bool _answered;

        public HttpTransport(ServerAddress server, TlsPolicy tls, TimeSpan timeout, string errorPrefix)
        {
            if (timeout <= TimeSpan.Zero)
            {
                throw KvmPveException.Invalid("InvalidTimeout", $"The timeout {timeout.TotalSeconds} s is not valid: give a number of seconds above 0.");
            }

            Server = server;
            Tls = tls;
            Timeout = timeout;
            _errorPrefix = errorPrefix;
            var handler = new HttpClientHandler
            {
                // Credentials must never follow a redirect to another host; both APIs answer without redirects.
                AllowAutoRedirect = false,
                UseCookies = false,
                ServerCertificateCustomValidationCallback = (_, certificate, _, errors) => tls.Validate(certificate, errors),
            };
            if (System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.Ordinal))
            {
                // Windows PowerShell 5.1 may default to TLS 1.0; PiKVM and PVE need 1.2 or 1.3.
                handler.SslProtocols = SslProtocols.Tls12 | (SslProtocols)12288;
            }

            _client = new HttpClient(handler) { BaseAddress = server.BaseUri, Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        }

        public ServerAddress Server { get; }

        public TlsPolicy Tls { get; }

        public TimeSpan Timeout { get; }

        /// <summary>
        /// Sends with the session timeout covering everything up to <paramref name="completion"/>: the whole body for
        /// <see cref="HttpCompletionOption.ResponseContentRead"/>, only the headers for streams. <paramref name="unlimited"/>
        /// lifts it for transfers that take as long as they take (uploads), which cancellation still stops.
        /// </summary>
        public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, HttpCompletionOption completion, CancellationToken cancellationToken, bool unlimited = false)
        {
            var watch = Stopwatch.StartNew();
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                if (!unlimited)
                {
                    timeout.CancelAfter(Timeout);
                }

                try
                {
                    HttpResponseMessage response = await _client.SendAsync(request, completion, timeout.Token).ConfigureAwait(false);
                    _answered = true;
                    if (RequestLog.Enabled)
                    {
                        RequestLog.Write($"{request.Method} {PathOf(request)} -> {(int)response.StatusCode} {response.ReasonPhrase} ({watch.ElapsedMilliseconds} ms)");
                    }

                    return response;
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    RequestLog.Write($"{request.Method} {PathOf(request)} -> no answer within {Timeout.TotalSeconds} s");
                    throw TimedOut(request);
                }
                catch (HttpRequestException ex)
                {
                    RequestLog.Write($"{request.Method} {PathOf(request)} -> failed ({watch.ElapsedMilliseconds} ms)");
                    throw Failed(ex);
                }
            }
        }

        /// <summary>The session's client with its TLS policy, for a WebSocket that must be checked the same way.</summary>
        internal HttpMessageInvoker Invoker => _client;

        public void Dispose() => _client.Dispose();

        internal static string PathOf(HttpRequestMessage request) =>
            request.RequestUri == null ? string.Empty : request.RequestUri.IsAbsoluteUri ? request.RequestUri.PathAndQuery : request.RequestUri.OriginalString;

        private KvmPveException TimedOut(HttpRequestMessage request)
        {
            // No certificate seen and nothing ever answered: the host is unreachable rather than slow.
            if (!_answered && Tls.PresentedThumbprint == null)
            {
                return new KvmPveException(ErrorKind.ConnectionError, _errorPrefix + "ConnectionFailed",
                    $"Could not reach {Server.Display} within {Timeout.TotalSeconds} s. Check the address, the port and that the server is up.");
            }

            return new KvmPveException(ErrorKind.OperationTimeout, _errorPrefix + "Timeout",
                $"{Server.Display} did not answer {request.Method} {PathOf(request)} within {Timeout.TotalSeconds} s. If it is only slow, raise -TimeoutSec.");
        }

        private KvmPveException Failed(HttpRequestException ex)
        {
            if (Find<AuthenticationException>(ex) != null || IsTrustFailure(ex))
            {
                string? presented = Tls.PresentedThumbprint;
                string why = Tls.LastRefusal ?? Innermost(ex).Message;
                string advice = presented == null || Tls.PinnedThumbprint != null
                    ? "Check the server's certificate."
                    : $"If that is your server's own certificate (compare the thumbprint with the one the device shows), connect with -CertificateThumbprint {presented}.";
                return new KvmPveException(ErrorKind.SecurityError, _errorPrefix + "CertificateRejected",
                    $"The TLS certificate of {Server.Display} was refused: {why}. {advice}", inner: ex);
            }

            return new KvmPveException(ErrorKind.ConnectionError, _errorPrefix + "ConnectionFailed",
                $"Could not connect to {Server.Display}: {Innermost(ex).Message}", inner: ex);
        }

        private static bool IsTrustFailure(Exception ex) =>
            Find<WebException>(ex) is WebException web && (web.Status == WebExceptionStatus.TrustFailure || web.Status == WebExceptionStatus.SecureChannelFailure);

        private static T? Find<T>(Exception? ex)
            where T : Exception
        {
            for (; ex != null; ex = ex.InnerException)
            {
                if (ex is T found)
                {
                    return found;
                }
            }

            return null;
        }

        private static Exception Innermost(Exception ex)
        {
            while (ex.InnerException != null)
            {
                ex = ex.InnerException;
            }

            return ex;
        }
    }
}
