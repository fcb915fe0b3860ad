using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using KvmPve.Errors;

namespace KvmPve
{
    /// <summary>RFB's wire basics (RFC 6143): big-endian numbers, exact reads, security types, the reason strings.</summary>
    internal static class Rfb
    {
        public const string Version = "RFB 003.008\n";

        public const byte NoAuthentication = 1;

        public const byte VncAuthentication = 2;

        public static int U16(byte[] data, int at) => (data[at] << 8) | data[at + 1];

        public static uint U32(byte[] data, int at) => ((uint)data[at] << 24) | ((uint)data[at + 1] << 16) | ((uint)data[at + 2] << 8) | data[at + 3];

        public static byte[] U32Bytes(uint value) => new[] { (byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value };

        public static async Task<byte[]> ReadAsync(Stream stream, int count, CancellationToken cancellationToken)
        {
            byte[] data = new byte[count];
            await ReadIntoAsync(stream, data, 0, count, cancellationToken).ConfigureAwait(false);
            return data;
        }

        public static async Task ReadIntoAsync(Stream stream, byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            while (count > 0)
            {
                int read = await stream.ReadAsync(buffer, offset, count, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    throw new KvmPveException(ErrorKind.ConnectionError, "PveVncClosed", "The VNC connection closed in the middle of a message.");
                }

                offset += read;
                count -= read;
            }
        }

        public static Task WriteAsync(Stream stream, byte[] data, CancellationToken cancellationToken) => stream.WriteAsync(data, 0, data.Length, cancellationToken);

        /// <summary>A failure's reason: a 32-bit length, then the text.</summary>
        public static async Task<string> ReadReasonAsync(Stream stream, CancellationToken cancellationToken)
        {
            uint length = U32(await ReadAsync(stream, 4, cancellationToken).ConfigureAwait(false), 0);
            return Encoding.UTF8.GetString(await ReadAsync(stream, (int)System.Math.Min(length, 4096), cancellationToken).ConfigureAwait(false));
        }
    }
}
