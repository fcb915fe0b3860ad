using System.Security.Cryptography;
using System.Text;

namespace KvmPve.Simulator.Pve;

/// <summary>What an upload brought: its size and its SHA-256 and asked-for checksums (the simulator keeps no bytes: 3 GiB need no disk).</summary>
public sealed record SimUpload(string FileName, long Size, IReadOnlyDictionary<string, string> Checksums);

/// <summary>
/// pveproxy's multipart parsing, as strict as pve-http-server's file_upload_multipart: a Content-Length, an unquoted
/// boundary, Content-Disposition as each part's first header with the name quoted, the form fields before the file
/// part (named "filename", with a filename). The file is streamed through, hashed as it passes, never held.
/// </summary>
internal static class SimUploadReader
{
    private static readonly (string Name, Func<IncrementalHash> Create)[] Algorithms =
    [
        ("md5", () => IncrementalHash.CreateHash(HashAlgorithmName.MD5)),
        ("sha1", () => IncrementalHash.CreateHash(HashAlgorithmName.SHA1)),
        ("sha256", () => IncrementalHash.CreateHash(HashAlgorithmName.SHA256)),
        ("sha384", () => IncrementalHash.CreateHash(HashAlgorithmName.SHA384)),
        ("sha512", () => IncrementalHash.CreateHash(HashAlgorithmName.SHA512)),
    ];

    /// <summary>Reads the body into <paramref name="parameters"/> and the upload; an error text when pveproxy would refuse it.</summary>
    public static async Task<(SimUpload? Upload, string? Error)> ReadAsync(HttpRequest request, Dictionary<string, List<string>> parameters, long? stallAfter, CancellationToken aborted)
    {
        if (request.ContentLength == null)
        {
            return (null, "upload failed: no Content-Length");
        }

        string contentType = request.ContentType ?? string.Empty;
        int at = contentType.IndexOf("boundary=", StringComparison.Ordinal);
        string boundary = at < 0 ? string.Empty : contentType[(at + "boundary=".Length)..];
        if (boundary.Length == 0 || boundary.StartsWith('"'))
        {
            return (null, "upload failed: the boundary must be given unquoted");
        }

        var reader = new Reader(request.Body, Encoding.ASCII.GetBytes("\r\n--" + boundary));
        string? first = await reader.LineAsync();
        if (first != "--" + boundary)
        {
            return (null, "upload failed: the body does not start with the boundary");
        }

        while (true)
        {
            string? disposition = await reader.LineAsync();
            if (disposition == null || !disposition.StartsWith("Content-Disposition: form-data; name=\"", StringComparison.OrdinalIgnoreCase))
            {
                return (null, "upload failed: Content-Disposition must be each part's first header");
            }

            string name = Quoted(disposition, "name=\"")!;
            string? fileName = Quoted(disposition, "filename=\"");
            while (await reader.LineAsync() is { Length: > 0 })
            {
                // Other headers (Content-Type) follow the disposition; their values do not matter here.
            }

            if (fileName == null)
            {
                string value = Encoding.UTF8.GetString(await reader.PartAsync(null, () => Task.CompletedTask));
                parameters[name] = [value];
                if (await reader.LineAsync() != string.Empty)
                {
                    return (null, "upload failed: a form field after the file");
                }

                continue;
            }

            if (name != "filename")
            {
                return (null, "upload failed: the file part must be named 'filename'");
            }

            // SHA-256 always (tests compare it), and the algorithm the upload names: hashing is what a 3 GiB upload costs here.
            string wanted = parameters.TryGetValue("checksum-algorithm", out List<string>? a) ? a[0] : "sha256";
            var used = Algorithms.Where(x => x.Name == "sha256" || x.Name == wanted).ToArray();
            IncrementalHash[] hashes = used.Select(x => x.Create()).ToArray();
            long size = 0;
            await reader.PartAsync(chunk =>
            {
                size += chunk.Length;
                foreach (IncrementalHash hash in hashes)
                {
                    hash.AppendData(chunk.Span);
                }
            }, () => stallAfter is long stall && size >= stall ? Task.Delay(Timeout.Infinite, aborted) : Task.CompletedTask);
            var checksums = used.Select((x, i) => (x.Name, Hex: Convert.ToHexStringLower(hashes[i].GetHashAndReset()))).ToDictionary(p => p.Name, p => p.Hex);
            parameters["filename"] = [fileName];
            parameters["tmpfilename"] = ["/var/tmp/pveupload-" + Guid.NewGuid().ToString("N")[..8]];
            return (new SimUpload(fileName, size, checksums), null);
        }
    }

    private static string? Quoted(string header, string key)
    {
        int at = header.IndexOf(key, StringComparison.OrdinalIgnoreCase);
        if (at < 0)
        {
            return null;
        }

        int start = at + key.Length;
        int end = header.IndexOf('"', start);
        return end < 0 ? null : header[start..end];
    }

    /// <summary>A buffered reader over the body: header lines, then a part's bytes up to the next delimiter.</summary>
    private sealed class Reader(Stream body, byte[] delimiter)
    {
        private readonly byte[] _buffer = new byte[1 << 20];
        private int _start;
        private int _end;
        private bool _done;

        public async Task<string?> LineAsync()
        {
            while (true)
            {
                int newline = _buffer.AsSpan(_start, _end - _start).IndexOf("\r\n"u8);
                if (newline >= 0)
                {
                    string line = Encoding.UTF8.GetString(_buffer, _start, newline);
                    _start += newline + 2;
                    return line;
                }

                if (!await FillAsync())
                {
                    return null;
                }
            }
        }

        /// <summary>The part's bytes up to the delimiter (collected when <paramref name="sink"/> is null), then past the delimiter.</summary>
        public async Task<byte[]> PartAsync(Action<ReadOnlyMemory<byte>>? sink, Func<Task> beforeRead)
        {
            var collected = sink == null ? new MemoryStream() : null;
            while (true)
            {
                ReadOnlyMemory<byte> window = _buffer.AsMemory(_start, _end - _start);
                int found = window.Span.IndexOf(delimiter);
                if (found >= 0)
                {
                    Emit(window[..found], sink, collected);
                    _start += found + delimiter.Length;
                    return collected?.ToArray() ?? [];
                }

                // Keep what could be the start of a delimiter split across reads.
                int safe = Math.Max(0, window.Length - delimiter.Length + 1);
                Emit(window[..safe], sink, collected);
                _start += safe;
                await beforeRead();
                if (!await FillAsync())
                {
                    throw new IOException("The upload ended before its closing boundary.");
                }
            }
        }

        private static void Emit(ReadOnlyMemory<byte> bytes, Action<ReadOnlyMemory<byte>>? sink, MemoryStream? collected)
        {
            if (bytes.Length == 0)
            {
                return;
            }

            sink?.Invoke(bytes);
            collected?.Write(bytes.Span);
        }

        private async Task<bool> FillAsync()
        {
            if (_done)
            {
                return false;
            }

            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }

            int read = await body.ReadAsync(_buffer.AsMemory(_end));
            if (read == 0)
            {
                _done = true;
                return false;
            }

            _end += read;
            return true;
        }
    }
}
