using System;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace KvmPve.Transport
{
    /// <summary>
    /// Lines from a never-ending stream as soon as each one is complete, cancellable (netstandard2.0's StreamReader
    /// has no cancellable ReadLineAsync). Only <c>\n</c> ends a line (kvmd writes <c>\r\n</c>), and a line is capped
    /// at 1 MiB so a broken stream cannot exhaust memory.
    /// </summary>
    internal sealed class LineReader
    {
        private const int MaxLine = 1 << 20;
        private readonly Stream _stream;
        private byte[] _buffer = new byte[8192];
        private int _start;
        private int _end;

        public LineReader(Stream stream) => _stream = stream;

        /// <summary>The next line without its end of line, or null at the end of the stream.</summary>
        public async Task<string?> ReadLineAsync(CancellationToken cancellationToken)
        {
            while (true)
            {
                int newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
                if (newline >= 0)
                {
                    return Take(newline, newline + 1);
                }

                if (_end - _start >= MaxLine)
                {
                    return Take(_end, _end);
                }

                MakeRoom();
                int read = await _stream.ReadAsync(_buffer, _end, _buffer.Length - _end, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return _end > _start ? Take(_end, _end) : null;
                }

                _end += read;
            }
        }

        private string Take(int lineEnd, int next)
        {
            int length = lineEnd - _start;
            if (length > 0 && _buffer[_start + length - 1] == (byte)'\r')
            {
                length--;
            }

            string line = Encoding.UTF8.GetString(_buffer, _start, length);
            _start = next;
            return line;
        }

        private void MakeRoom()
        {
            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }

            if (_end == _buffer.Length)
            {
                Array.Resize(ref _buffer, _buffer.Length * 2);
            }
        }
    }
}
