using System;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace KvmPve.Transport
{
    /// <summary>
    /// A response body streamed into a file: written to a temporary file beside it and moved into place at the end, so
    /// a failure or Ctrl+C never leaves a half file, and never held in memory.
    /// </summary>
    internal static class FileDownload
    {
        private const int Buffer = 1 << 20;

        public static async Task<FileInfo> SaveAsync(HttpResponseMessage response, string path, Action<long, long?>? progress, CancellationToken cancellationToken)
        {
            string temporary = path + ".part";
            try
            {
                long? total = response.Content.Headers.ContentLength;
                using (Stream body = await response.Content.ReadAsStreamAsync().ConfigureAwait(false))
                using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 81920, useAsync: true))
                {
                    var buffer = new byte[Buffer];
                    long written = 0;
                    int read;
                    while ((read = await body.ReadAsync(buffer, 0, buffer.Length, cancellationToken).ConfigureAwait(false)) > 0)
                    {
                        await file.WriteAsync(buffer, 0, read, cancellationToken).ConfigureAwait(false);
                        written += read;
                        progress?.Invoke(written, total);
                    }
                }

                if (File.Exists(path))
                {
                    File.Delete(path);
                }

                File.Move(temporary, path);
                return new FileInfo(path);
            }
            catch
            {
                if (File.Exists(temporary))
                {
                    File.Delete(temporary);
                }

                throw;
            }
        }
    }
}
