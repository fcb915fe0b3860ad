using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace KvmPve.Simulator.Pve;

/// <summary>A VM's real VNC server: QEMU listening on <see cref="Host"/>:<see cref="Port"/>, its QMP socket at <see cref="Qmp"/>.</summary>
public sealed record SimVncServer(string Host, int Port, string Qmp);

/// <summary>
/// What vncproxy started: PVE's "qm vncproxy" for one connection, guarded by a ticket (assemble_vnc_ticket: user,
/// /vms/VMID, port) and by a VNC password the server asks for. The simulator sets that password on the VM's real QEMU
/// (QMP set_password, as "qm vncproxy" does through LC_PVE_TICKET) and bridges the WebSocket to QEMU's VNC port.
/// </summary>
internal sealed class SimVnc
{
    private readonly ConcurrentDictionary<string, (int VmId, int Port, string User, bool Term)> _tickets = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _qmp = new(1, 1);
    private int _ports;
    private int _open;
    private int _openTerm;

    /// <summary>WebSockets carrying VNC now, for tests.</summary>
    public int Open => Volatile.Read(ref _open);

    /// <summary>WebSockets carrying text consoles now, for tests.</summary>
    public int OpenTerm => Volatile.Read(ref _openTerm);

    public async Task<(string Ticket, string Password, int Port)> ProxyAsync(int vmId, string user, SimVncServer server)
    {
        // generate_vnc_password: eight printable ASCII characters ('!' .. '~').
        string password = new(RandomNumberGenerator.GetBytes(8).Select(b => (char)('!' + b % 94)).ToArray());
        await SetPasswordAsync(server, password);
        (string ticket, int port) = Issue(vmId, user, term: false);
        return (password + ":" + ticket, password, port);
    }

    /// <summary>termproxy: a port and a ticket for one text console (its password is the ticket, sent as "user:ticket").</summary>
    public (string Ticket, int Port) Issue(int vmId, string user, bool term)
    {
        int port = 5900 + Interlocked.Increment(ref _ports) % 100;
        string ticket = $"PVEVNC:{Convert.ToHexString(RandomNumberGenerator.GetBytes(12))}::{Convert.ToBase64String(RandomNumberGenerator.GetBytes(24))}";
        _tickets[ticket] = (vmId, port, user, term);
        return (ticket, port);
    }

    /// <summary>verify_vnc_ticket: the ticket of this user, guest and port, once; whether it is a text console's (or null when refused).</summary>
    public bool? Take(string ticket, int vmId, int port, string user)
    {
        // vncproxy's ticket carries its password first (qemu-server: "${password}:${ticket}"); verify_vnc_ticket drops it.
        string bare = System.Text.RegularExpressions.Regex.Replace(ticket, "^.{8}:(PVEVNC:)", "$1");
        return _tickets.TryRemove(bare, out var issued) && (issued.VmId, issued.Port, issued.User) == (vmId, port, user) ? issued.Term : null;
    }

    /// <summary>
    /// A text console as termproxy serves it (pve-xtermjs termproxy/src/main.rs): the first message must be
    /// "user:ticket" and a newline (checked against the ticket of the upgrade), "OK" goes back, then the guest's bytes as they come;
    /// from the client "0:LEN:DATA" is typed, "1:COLS:ROWS:" a size, "2" a ping. Behind it a real serial port (a UNIX
    /// socket of QEMU's) or the simulator's <see cref="SimShell"/>.
    /// </summary>
    public async Task TermAsync(WebSocket socket, string ticket, string user, string? serial, string guestName, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _openTerm);
        try
        {
            byte[] buffer = new byte[1 << 16];
            WebSocketReceiveResult first = await socket.ReceiveAsync(buffer, cancellationToken);
            if (Encoding.UTF8.GetString(buffer, 0, first.Count) != user + ":" + ticket + "\n")
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.PolicyViolation, "authentication failure", CancellationToken.None);
                return;
            }

            await socket.SendAsync("OK"u8.ToArray(), WebSocketMessageType.Binary, true, cancellationToken);
            Socket? port = null;
            if (serial != null)
            {
                port = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                await port.ConnectAsync(new UnixDomainSocketEndPoint(serial), cancellationToken);
            }

            using (port)
            {
                var shell = port == null ? new SimShell(guestName) : null;
                if (shell != null)
                {
                    await socket.SendAsync(Encoding.UTF8.GetBytes(shell.Greeting), WebSocketMessageType.Binary, true, cancellationToken);
                }

                var pending = new List<byte>();
                await RelayAsync(
                    socket,
                    async (message, token) =>
                    {
                        pending.AddRange(message.ToArray());
                        while (TermFrame.Next(pending) is byte[] data)
                        {
                            await (port != null
                                ? port.SendAsync(data, SocketFlags.None, token).AsTask()
                                : socket.SendAsync(Encoding.UTF8.GetBytes(shell!.Type(Encoding.UTF8.GetString(data))), WebSocketMessageType.Binary, true, token));
                        }
                    },
                    port == null ? null : (into, token) => port.ReceiveAsync(into, SocketFlags.None, token),
                    cancellationToken);
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or WebSocketException or OperationCanceledException)
        {
            // Either side went away.
        }
        finally
        {
            Interlocked.Decrement(ref _openTerm);
        }
    }

    /// <summary>Pumps the WebSocket's binary messages to QEMU's VNC port and back until either side closes.</summary>
    public async Task BridgeAsync(WebSocket socket, SimVncServer server, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _open);
        try
        {
            using var tcp = new TcpClient { NoDelay = true };
            await tcp.ConnectAsync(server.Host, server.Port, cancellationToken);
            NetworkStream vnc = tcp.GetStream();
            await RelayAsync(socket, (message, token) => vnc.WriteAsync(message, token).AsTask(), (buffer, token) => vnc.ReadAsync(buffer, token), cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or SocketException or WebSocketException or OperationCanceledException)
        {
            // Either side went away.
        }
        finally
        {
            Interlocked.Decrement(ref _open);
        }
    }

    /// <summary>
    /// Relays until either side ends: each WebSocket message to <paramref name="fromClient"/>, what
    /// <paramref name="fromServer"/> reads (none: a scripted console answers in fromClient) to the WebSocket; then closes it.
    /// </summary>
    private static async Task RelayAsync(WebSocket socket, Func<ReadOnlyMemory<byte>, CancellationToken, Task> fromClient, Func<Memory<byte>, CancellationToken, ValueTask<int>>? fromServer, CancellationToken cancellationToken)
    {
        using var done = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task up = Task.Run(async () =>
        {
            byte[] buffer = new byte[1 << 16];
            while (true)
            {
                WebSocketReceiveResult result = await socket.ReceiveAsync(buffer, done.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                await fromClient(buffer.AsMemory(0, result.Count), done.Token);
            }
        });
        Task down = fromServer == null ? Task.Delay(Timeout.Infinite, done.Token) : Task.Run(async () =>
        {
            byte[] buffer = new byte[1 << 16];
            int read;
            while ((read = await fromServer(buffer, done.Token)) > 0)
            {
                await socket.SendAsync(buffer.AsMemory(0, read), WebSocketMessageType.Binary, true, done.Token);
            }
        });
        await Task.WhenAny(up, down);
        await done.CancelAsync();
        if (socket.State == WebSocketState.Open)
        {
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, string.Empty, CancellationToken.None);
        }
    }

    private async Task SetPasswordAsync(SimVncServer server, string password)
    {
        await _qmp.WaitAsync();
        try
        {
            await QemuQmp.SetVncPasswordAsync(server.Qmp, password);
        }
        finally
        {
            _qmp.Release();
        }
    }
}

/// <summary>QEMU's machine protocol (QMP) on its UNIX socket, for the one command the simulator and benchmarks need.</summary>
public static class QemuQmp
{
    /// <summary>Sets the VNC password ("set_password", protocol vnc), as "qm vncproxy" does for each console.</summary>
    public static Task SetVncPasswordAsync(string qmp, string password) =>
        CommandAsync(qmp, JsonSerializer.Serialize(new { execute = "set_password", arguments = new { protocol = "vnc", password } }));

    /// <summary>A human monitor command (qemu-server's hmp_cmd, as vm_sendkey uses for "sendkey"); its output, empty when it succeeded.</summary>
    public static async Task<string> HumanAsync(string qmp, string command)
    {
        string answer = await CommandAsync(qmp, JsonSerializer.Serialize(new { execute = "human-monitor-command", arguments = new { command_line = command } }).Replace("command_line", "command-line", StringComparison.Ordinal));
        return JsonDocument.Parse(answer).RootElement.GetProperty("return").GetString() ?? string.Empty;
    }

    private static async Task<string> CommandAsync(string qmp, string request)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(qmp));
        using var stream = new NetworkStream(socket);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        await reader.ReadLineAsync(); // greeting
        string last = string.Empty;
        foreach (string command in new[] { """{"execute":"qmp_capabilities"}""", request })
        {
            await stream.WriteAsync(Encoding.UTF8.GetBytes(command + "\n"));
            string? answer = await reader.ReadLineAsync();
            while (answer != null && answer.Contains("\"event\"", StringComparison.Ordinal))
            {
                answer = await reader.ReadLineAsync();
            }

            if (answer == null || !answer.Contains("\"return\"", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"QEMU's QMP refused {command.Split(',')[0]}: {answer}");
            }

            last = answer;
        }

        return last;
    }
}
