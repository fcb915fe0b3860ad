using System.IO;
using System.IO.Compression;

namespace KvmPve
{
    /// <summary>
    /// Writes 8-bit RGB PNG files (ISO/IEC 15948): signature, IHDR, one zlib IDAT, IEND. Hand-written because netstandard2.0
    /// has no image encoder; the compression is the framework's Deflate, with zlib's header and Adler-32 around it.
    /// </summary>
    internal static class Png
    {
        private static readonly uint[] CrcTable = MakeCrcTable();

        /// <summary>PNG bytes of a screen of 32-bit pixels (blue, green, red, unused), as <see cref="RfbClient.CaptureAsync"/> gives them.</summary>
        public static byte[] FromBgrx(byte[] pixels, int width, int height)
        {
            using (var output = new MemoryStream())
            {
                output.Write(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 13, 10, 26, 10 }, 0, 8);
                var header = new MemoryStream();
                header.Write(Rfb.U32Bytes((uint)width), 0, 4);
                header.Write(Rfb.U32Bytes((uint)height), 0, 4);
                header.Write(new byte[] { 8, 2, 0, 0, 0 }, 0, 5); // 8 bits, RGB, deflate, no filter, no interlace
                Chunk(output, "IHDR", header.ToArray());
                Chunk(output, "IDAT", Zlib(pixels, width, height));
                Chunk(output, "IEND", new byte[0]);
                return output.ToArray();
            }
        }

        private static byte[] Zlib(byte[] pixels, int width, int height)
        {
            byte[] raw = new byte[height * (1 + width * 3)];
            int at = 0;
            for (int y = 0; y < height; y++)
            {
                raw[at++] = 0; // filter: none
                for (int x = 0; x < width; x++)
                {
                    int p = (y * width + x) * 4;
                    raw[at++] = pixels[p + 2];
                    raw[at++] = pixels[p + 1];
                    raw[at++] = pixels[p];
                }
            }

            using (var output = new MemoryStream())
            {
                output.WriteByte(0x78);
                output.WriteByte(0x9C);
                using (var deflate = new DeflateStream(output, CompressionLevel.Fastest, leaveOpen: true))
                {
                    deflate.Write(raw, 0, raw.Length);
                }

                uint a = 1, b = 0;
                foreach (byte value in raw)
                {
                    a = (a + value) % 65521;
                    b = (b + a) % 65521;
                }

                output.Write(Rfb.U32Bytes((b << 16) | a), 0, 4);
                return output.ToArray();
            }
        }

        private static void Chunk(Stream output, string type, byte[] data)
        {
            byte[] name = System.Text.Encoding.ASCII.GetBytes(type);
            output.Write(Rfb.U32Bytes((uint)data.Length), 0, 4);
            output.Write(name, 0, 4);
            output.Write(data, 0, data.Length);
            uint crc = 0xFFFFFFFF;
            foreach (byte value in name)
            {
                crc = CrcTable[(crc ^ value) & 0xFF] ^ (crc >> 8);
            }

            foreach (byte value in data)
            {
                crc = CrcTable[(crc ^ value) & 0xFF] ^ (crc >> 8);
            }

            output.Write(Rfb.U32Bytes(crc ^ 0xFFFFFFFF), 0, 4);
        }

        private static uint[] MakeCrcTable()
        {
            var table = new uint[256];
            for (uint n = 0; n < 256; n++)
            {
                uint c = n;
                for (int k = 0; k < 8; k++)
                {
                    c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
                }

                table[n] = c;
            }

            return table;
        }
    }
}
