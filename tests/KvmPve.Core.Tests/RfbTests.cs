using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using KvmPve.Errors;

namespace KvmPve.Core.Tests;

/// <summary>The hand-written pieces of the VNC console: VNC's DES quirk, the PNG writer, RFB's handshake both ways, US keysyms.</summary>
public class RfbTests
{
    [Fact]
    public void Vnc_des_matches_the_known_vncpasswd_value_of_password()
    {
        // vncpasswd stores "password" as DB D8 3C FD 72 7A 14 58: DES with VNC's fixed key, its bits reversed.
        byte[] key = [23, 82, 107, 6, 35, 78, 88, 7];
        byte[] stored = VncDes.Response("password"u8.ToArray(), new string(key.Select(b => (char)b).ToArray()));
        Assert.Equal("DBD83CFD727A1458", Convert.ToHexString(stored));
    }

    [Fact]
    public void A_png_has_valid_chunks_and_the_pixels_in_rgb_order()
    {
        byte[] bgrx = [0x10, 0x20, 0x30, 0, 0xAA, 0xBB, 0xCC, 0]; // two pixels: (R30,G20,B10), (RCC,GBB,BAA)
        byte[] png = Png.FromBgrx(bgrx, 2, 1);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G', 13, 10, 26, 10], png[..8]);
        // Every PNG ends with IEND and its fixed CRC, AE 42 60 82.
        Assert.Equal("0000000049454E44AE426082", Convert.ToHexString(png[^12..]));
        int idat = IndexOf(png, "IDAT"u8.ToArray());
        int length = (png[idat - 4] << 24) | (png[idat - 3] << 16) | (png[idat - 2] << 8) | png[idat - 1];
        using var inflate = new ZLibStream(new MemoryStream(png, idat + 4, length), CompressionMode.Decompress);
        using var raw = new MemoryStream();
        inflate.CopyTo(raw);
        Assert.Equal([0, 0x30, 0x20, 0x10, 0xCC, 0xBB, 0xAA], raw.ToArray());
    }

    [Theory]
    [InlineData("RFB 003.008\n")]
    [InlineData("RFB 003.003\n")]
    public async Task A_viewer_with_the_bridges_password_is_let_in_and_a_wrong_one_is_not(string viewerVersion)
    {
        Assert.True(await HandshakeAsync("s3cret!!", "s3cret!!", viewerVersion));
        Assert.False(await HandshakeAsync("s3cret!!", "wrong!!!", viewerVersion));
    }

    [Fact]
    public async Task The_client_authenticates_to_a_server_and_says_when_it_is_refused()
    {
        (Stream server, Stream client) = await PairAsync();
        Task<bool> accepted = RfbServerHandshake.AcceptAsync(server, "goodpass", CancellationToken.None);
        await RfbClient.AuthenticateAsync(client, "goodpass", CancellationToken.None);
        Assert.True(await accepted);

        (server, client) = await PairAsync();
        accepted = RfbServerHandshake.AcceptAsync(server, "goodpass", CancellationToken.None);
        var ex = await Assert.ThrowsAsync<KvmPveException>(() => RfbClient.AuthenticateAsync(client, "badpass!", CancellationToken.None));
        Assert.Equal((ErrorKind.AuthenticationError, "PveVncAuthenticationFailed"), (ex.Kind, ex.ErrorId));
        Assert.Contains("the password is the bridge's", ex.Message);
        Assert.False(await accepted);
    }

    [Theory]
    [InlineData('a', 'a', false)]
    [InlineData('A', 'A', true)]
    [InlineData('1', '1', false)]
    [InlineData('!', '!', true)]
    [InlineData(':', ':', true)]
    [InlineData('\n', 0xFF0D, false)]
    [InlineData('\x1b', 0xFF1B, false)]
    public void Us_keysyms_hold_shift_where_a_us_keyboard_does(char c, int keysym, bool shift) =>
        Assert.Equal(((uint)keysym, shift), UsKeyboard.Keysym(c));

    [Fact]
    public void What_a_us_keyboard_cannot_type_is_named()
    {
        var ex = Assert.Throws<KvmPveException>(() => UsKeyboard.Check("caf\u00e9"));
        Assert.Equal("PveVmTextNotTypable", ex.ErrorId);
        Assert.Contains("'\u00e9' cannot be typed", ex.Message);
    }

    private static async Task<bool> HandshakeAsync(string bridgePassword, string viewerPassword, string viewerVersion)
    {
        (Stream server, Stream viewer) = await PairAsync();
        Task<bool> accepted = RfbServerHandshake.AcceptAsync(server, bridgePassword, CancellationToken.None);
        await Rfb.ReadAsync(viewer, 12, CancellationToken.None);
        await Rfb.WriteAsync(viewer, System.Text.Encoding.ASCII.GetBytes(viewerVersion), CancellationToken.None);
        if (viewerVersion.EndsWith("003\n", StringComparison.Ordinal))
        {
            Assert.Equal(2u, Rfb.U32(await Rfb.ReadAsync(viewer, 4, CancellationToken.None), 0));
        }
        else
        {
            Assert.Equal([1, 2], await Rfb.ReadAsync(viewer, 2, CancellationToken.None));
            await Rfb.WriteAsync(viewer, [2], CancellationToken.None);
        }

        byte[] challenge = await Rfb.ReadAsync(viewer, 16, CancellationToken.None);
        await Rfb.WriteAsync(viewer, VncDes.Response(challenge, viewerPassword), CancellationToken.None);
        uint result = Rfb.U32(await Rfb.ReadAsync(viewer, 4, CancellationToken.None), 0);
        Assert.Equal(await accepted ? 0u : 1u, result);
        return result == 0;
    }

    private static async Task<(Stream Server, Stream Client)> PairAsync()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var client = new TcpClient();
        Task connecting = client.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port);
        TcpClient server = await listener.AcceptTcpClientAsync();
        await connecting;
        listener.Stop();
        return (server.GetStream(), client.GetStream());
    }

    private static int IndexOf(byte[] data, byte[] what)
    {
        for (int i = 0; i + what.Length <= data.Length; i++)
        {
            if (data.AsSpan(i, what.Length).SequenceEqual(what))
            {
                return i;
            }
        }

        return -1;
    }
}
