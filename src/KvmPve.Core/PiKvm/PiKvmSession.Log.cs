using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using KvmPve.Errors;
using KvmPve.Transport;

namespace KvmPve
{
    public sealed partial class PiKvmSession
    {
        /// <summary>
        /// Streams <c>GET /api/log</c>, handing each entry to <paramref name="onEntry"/> as its line arrives. With
        /// <paramref name="follow"/> it only ends by cancellation (or when the PiKVM closes the stream).
        /// </summary>
        /// <param name="seek">How far back to start; null or zero for the whole boot, as kvmd does.</param>
        internal async Task ReadLogAsync(TimeSpan? seek, bool follow, Action<PiKvmLogEntry> onEntry, CancellationToken cancellationToken)
        {
            int seconds = SeekSeconds(seek);
            EnsureOpen();
            var query = new[]
            {
                new KeyValuePair<string, string>("seek", seconds.ToString(CultureInfo.InvariantCulture)),
                new KeyValuePair<string, string>("follow", follow ? "1" : "0"),
            };
            using (HttpResponseMessage response = await Client.SendAsync(HttpMethod.Get, "/api/log", query, null, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false))
            using (Stream stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false))
            using (cancellationToken.Register(response.Dispose))
            {
                // Disposing on cancel matters on .NET Framework, whose network reads ignore the token.
                var reader = new LineReader(stream);
                PiKvmLogEntry? previous = null;
                try
                {
                    string? line;
                    while ((line = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false)) != null)
                    {
                        // Lines already buffered are not handed out once the caller has had enough.
                        cancellationToken.ThrowIfCancellationRequested();
                        if (line.Length > 0)
                        {
                            previous = PiKvmLogEntry.Parse(line, previous);
                            onEntry(previous);
                        }
                    }

                    if (follow)
                    {
                        // A followed log never ends on its own: kvmd restarted or its journal went away.
                        throw new KvmPveException(ErrorKind.ConnectionError, "PiKvmLogStreamEnded",
                            $"PiKVM {Client.Transport.Server.Display} ended the followed log (kvmd restarting, or its journal unavailable). Run Get-PiKvmLog -Follow again to resume.");
                    }
                }
                catch (Exception ex) when (cancellationToken.IsCancellationRequested && (ex is IOException || ex is ObjectDisposedException || ex is HttpRequestException))
                {
                    throw new OperationCanceledException(cancellationToken);
                }
                catch (Exception ex) when (ex is IOException || ex is HttpRequestException)
                {
                    throw new KvmPveException(ErrorKind.ConnectionError, "PiKvmLogInterrupted",
                        $"The log stream from {Client.Transport.Server.Display} broke off: {ex.Message}", inner: ex);
                }
            }
        }

        internal static int SeekSeconds(TimeSpan? seek)
        {
            if (seek == null)
            {
                return 0;
            }

            if (seek.Value < TimeSpan.Zero)
            {
                throw KvmPveException.Invalid("PiKvmInvalidSeek", $"-Seek {seek.Value} is negative. Give how far back to start, for example -Seek (New-TimeSpan -Minutes 10) or -Seek 00:10:00.");
            }

            double total = Math.Ceiling(seek.Value.TotalSeconds);
            return total > int.MaxValue ? int.MaxValue : (int)total;
        }
    }
}
