using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using KvmPve.Errors;
using KvmPve.Transport;

namespace KvmPve
{
    /// <summary>How a screenshot is taken: the full picture, or a preview scaled to a box at a JPEG quality.</summary>
    public sealed class PiKvmSnapshotOptions
    {
        public bool AllowOffline { get; set; }

        public int? MaxWidth { get; set; }

        public int? MaxHeight { get; set; }

        /// <summary>JPEG quality 1–100 of the preview.</summary>
        public int? Quality { get; set; }
    }

    /// <summary>The part of the screen OCR reads, in pixels, and its languages.</summary>
    public sealed class PiKvmOcrOptions
    {
        /// <summary>Read the PiKVM's "no signal" picture instead of failing when there is no video signal.</summary>
        public bool AllowOffline { get; set; }

        public IReadOnlyList<string>? Languages { get; set; }

        public int? Left { get; set; }

        public int? Top { get; set; }

        public int? Right { get; set; }

        public int? Bottom { get; set; }
    }

    public sealed partial class PiKvmSession
    {
        /// <summary>
        /// Streams the screenshot into <paramref name="path"/>: written to a temporary file beside it and moved into place
        /// at the end, so a failure never leaves a half picture. No signal → a clear ResourceUnavailable error.
        /// </summary>
        internal async Task<FileInfo> SaveSnapshotAsync(string path, PiKvmSnapshotOptions options, CancellationToken cancellationToken)
        {
            var query = new List<KeyValuePair<string, string>>();
            if (options.AllowOffline)
            {
                query.Add(Pair("allow_offline", "1"));
            }

            if (options.MaxWidth != null || options.MaxHeight != null || options.Quality != null)
            {
                query.Add(Pair("preview", "1"));
                Add(query, "preview_max_width", options.MaxWidth);
                Add(query, "preview_max_height", options.MaxHeight);
                Add(query, "preview_quality", options.Quality);
            }

            EnsureOpen();
            using (HttpResponseMessage response = await SnapshotAsync(query, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false))
            {
                return await FileDownload.SaveAsync(response, path, null, cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>The text on the screen, read by the PiKVM's OCR.</summary>
        internal async Task<string> ReadScreenTextAsync(PiKvmOcrOptions options, CancellationToken cancellationToken)
        {
            var query = new List<KeyValuePair<string, string>> { Pair("ocr", "1") };
            if (options.AllowOffline)
            {
                query.Add(Pair("allow_offline", "1"));
            }

            if (options.Languages is { Count: > 0 })
            {
                query.Add(Pair("ocr_langs", string.Join(",", options.Languages)));
            }

            Add(query, "ocr_left", options.Left);
            Add(query, "ocr_top", options.Top);
            Add(query, "ocr_right", options.Right);
            Add(query, "ocr_bottom", options.Bottom);
            EnsureOpen();
            using (HttpResponseMessage response = await SnapshotAsync(query, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false))
            {
                return Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false));
            }
        }

        private async Task<HttpResponseMessage> SnapshotAsync(List<KeyValuePair<string, string>> query, HttpCompletionOption completion, CancellationToken cancellationToken)
        {
            try
            {
                return await Client.SendAsync(HttpMethod.Get, "/api/streamer/snapshot", query, null, completion, cancellationToken).ConfigureAwait(false);
            }
            catch (KvmPveException ex) when (ex.StatusCode == 503)
            {
                throw new KvmPveException(ErrorKind.ResourceUnavailable, "PiKvmNoSignal",
                    $"PiKVM {Client.Transport.Server.Display} has no video signal (the machine is off, asleep, or the cable is out). Use -AllowOffline to save the PiKVM's 'no signal' picture instead.", 503, ex.ServerError);
            }
        }

        private static void Add(List<KeyValuePair<string, string>> query, string name, int? value)
        {
            if (value is int v)
            {
                query.Add(Pair(name, v.ToString(CultureInfo.InvariantCulture)));
            }
        }
    }
}
