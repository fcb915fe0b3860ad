using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace KvmPve
{
    /// <summary>
    /// The server side of RFB's handshake for a local viewer of the bridge: versions 3.3 (older viewers such as
    /// vncsnapshot), 3.7 and 3.8, VNC authentication only, with the bridge's own password. Hand-written with
    /// <see cref="RfbClient"/>: no library here speaks RFB.
    /// </summary>
    internal static class RfbServerHandshake
    {
        /// <summary>Whether the viewer proved it knows <paramref name="password"/>; a wrong answer is told the RFB way (SecurityResult failed).</summary>
        public static async Task<bool> AcceptAsync(Stream viewer, string password, CancellationToken cancellationToken)
        {
            await Rfb.WriteAsync(viewer, Encoding.ASCII.GetBytes(Rfb.Version), cancellationToken).ConfigureAwait(false);
            string version = Encoding.ASCII.GetString(await Rfb.ReadAsync(viewer, 12, cancellationToken).ConfigureAwait(false));
            bool old = version.StartsWith("RFB 003.00", System.StringComparison.Ordinal) && version[10] < '7';
            if (old)
            {
                await Rfb.WriteAsync(viewer, Rfb.U32Bytes(Rfb.VncAuthentication), cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await Rfb.WriteAsync(viewer, new byte[] { 1, Rfb.VncAuthentication }, cancellationToken).ConfigureAwait(false);
                if ((await Rfb.ReadAsync(viewer, 1, cancellationToken).ConfigureAwait(false))[0] != Rfb.VncAuthentication)
                {
                    return false;
                }
            }

            byte[] challenge = new byte[16];
            using (RandomNumberGenerator random = RandomNumberGenerator.Create())
            {
                random.GetBytes(challenge);
            }

            await Rfb.WriteAsync(viewer, challenge, cancellationToken).ConfigureAwait(false);
            byte[] response = await Rfb.ReadAsync(viewer, 16, cancellationToken).ConfigureAwait(false);
            bool passed = response.SequenceEqual(VncDes.Response(challenge, password));
            await Rfb.WriteAsync(viewer, Rfb.U32Bytes(passed ? 0u : 1u), cancellationToken).ConfigureAwait(false);
            if (!passed && version.StartsWith("RFB 003.008", System.StringComparison.Ordinal))
            {
                byte[] reason = Encoding.ASCII.GetBytes("Authentication failed: the password is the bridge's (PveConsoleBridge.Password).");
                await Rfb.WriteAsync(viewer, Rfb.U32Bytes((uint)reason.Length).Concat(reason).ToArray(), cancellationToken).ConfigureAwait(false);
            }

            return passed;
        }
    }
}
