using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;

namespace KvmPve.Pve
{
    /// <summary>
    /// The multipart body of PVE's upload, written by hand: pveproxy parses it itself, strictly
    /// (pve-http-server's file_upload_multipart), and .NET's MultipartFormDataContent quotes the boundary and puts
    /// Content-Type before Content-Disposition, which pveproxy answers with "upload failed". The form fields come
    /// first, the file last; the file is streamed from disk with a known total length (pveproxy needs it).
    /// </summary>
    internal sealed class PveUploadContent : HttpContent
    {
        private const int Chunk = 1 << 20;
        private readonly byte[] _head;
        private readonly byte[] _tail;
        private readonly string _path;
        private readonly long _fileLength;
        private readonly Action<long> _onRead;

        public PveUploadContent(IEnumerable<KeyValuePair<string, string>> fields, string fileName, string path, Action<long> onRead)
        {
            string boundary = "----KvmPve" + Guid.NewGuid().ToString("N");
            var head = new StringBuilder();
            foreach (KeyValuePair<string, string> field in fields)
            {
                head.Append("--").Append(boundary).Append("\r\n")
                    .Append("Content-Disposition: form-data; name=\"").Append(field.Key).Append("\"\r\n\r\n")
                    .Append(field.Value).Append("\r\n");
            }

            head.Append("--").Append(boundary).Append("\r\n")
                .Append("Content-Disposition: form-data; name=\"filename\"; filename=\"").Append(fileName).Append("\"\r\n")
                .Append("Content-Type: application/octet-stream\r\n\r\n");
            _head = Encoding.UTF8.GetBytes(head.ToString());
            _tail = Encoding.ASCII.GetBytes("\r\n--" + boundary + "--\r\n");
            _path = path;
            _fileLength = new FileInfo(path).Length;
            _onRead = onRead;
            Headers.TryAddWithoutValidation("Content-Type", "multipart/form-data; boundary=" + boundary);
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync(_head, 0, _head.Length).ConfigureAwait(false);
            using (var file = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.Read, Chunk, useAsync: true))
            {
                var buffer = new byte[Chunk];
                long sent = 0;
                int read;
                while ((read = await file.ReadAsync(buffer, 0, buffer.Length).ConfigureAwait(false)) > 0)
                {
                    await stream.WriteAsync(buffer, 0, read).ConfigureAwait(false);
                    sent += read;
                    _onRead(sent);
                }

                if (sent != _fileLength)
                {
                    throw new IOException($"The file changed size while it was being uploaded ({_fileLength} bytes expected, {sent} read).");
                }
            }

            await stream.WriteAsync(_tail, 0, _tail.Length).ConfigureAwait(false);
        }

        protected override bool TryComputeLength(out long length)
        {
            length = _head.Length + _fileLength + _tail.Length;
            return true;
        }
    }
}
