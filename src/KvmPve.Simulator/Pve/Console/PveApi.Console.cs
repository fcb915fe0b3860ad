using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;

namespace KvmPve.Simulator.Pve;

/// <summary>
/// Console endpoints of a VM as qemu-server answers them (API2/Qemu.pm): sendkey hands the keys to QEMU's monitor, which
/// refuses a name it does not know ("invalid parameter: …", ui-hmp-cmds.c hmp_sendkey) and needs the VM running;
/// spiceproxy gives remote-viewer's settings (pve-access-control remote_viewer_config) for a running VM with a SPICE
/// display (qxl), else "no spice port" (QemuServer.pm spice_port).
/// </summary>
public sealed partial class PveApi
{
    /// <summary>The chords each VM was sent, in order, for tests.</summary>
    public ConcurrentDictionary<int, ConcurrentQueue<string>> SentKeys { get; } = new();

    private SimVnc? _vnc;

    private SimVnc Vnc => _vnc ??= new SimVnc();

    /// <summary>VNC WebSockets open now (through vncwebsocket), for tests.</summary>
    public int OpenVncSockets => _vnc?.Open ?? 0;

    /// <summary>Text console WebSockets open now, for tests.</summary>
    public int OpenTermSockets => _vnc?.OpenTerm ?? 0;

    private void MapConsole()
    {
        Handle("POST", "/nodes/{node}/qemu/{vmid}/vncproxy", r => WithGuest(r, "qemu", async g =>
        {
            if (g.Status != "running")
            {
                await PveResponse.Error(r.Context, 500, $"VM {g.VmId} not running");
                return;
            }

            if (!Options.VncServers.TryGetValue(g.VmId, out SimVncServer? server))
            {
                await PveResponse.Error(r.Context, 500, $"simulator: VM {g.VmId} has no VNC server (start QEMU and pass --qemu-vnc {g.VmId}=HOST:PORT,QMP-SOCKET)");
                return;
            }

            (string ticket, string password, int port) = await Vnc.ProxyAsync(g.VmId, r.User!, server);
            await PveResponse.Data(r.Context, new JsonObject
            {
                ["user"] = r.User,
                ["ticket"] = ticket,
                ["password"] = password,
                ["port"] = port,
                ["upid"] = $"UPID:{g.Node}:00001234:00005678:{DateTimeOffset.UtcNow.ToUnixTimeSeconds():X8}:vncproxy:{g.VmId}:{r.User}:",
                ["cert"] = "-----BEGIN CERTIFICATE-----\nsimulated\n-----END CERTIFICATE-----\n",
            });
        }));
        foreach (string kind in new[] { "qemu", "lxc" })
        {
            Handle("POST", $"/nodes/{{node}}/{kind}/{{vmid}}/termproxy", r => WithGuest(r, kind, g =>
            {
                if (g.Status != "running")
                {
                    return PveResponse.Error(r.Context, 500, kind == "qemu" ? $"VM {g.VmId} not running" : $"CT {g.VmId} not running");
                }

                (string ticket, int port) = Vnc.Issue(g.VmId, r.User!, term: true);
                return PveResponse.Data(r.Context, new JsonObject
                {
                    ["user"] = r.User,
                    ["ticket"] = ticket,
                    ["port"] = port,
                    ["upid"] = $"UPID:{g.Node}:00001234:00005678:{DateTimeOffset.UtcNow.ToUnixTimeSeconds():X8}:vncproxy:{g.VmId}:{r.User}:",
                });
            }));
            Handle("GET", $"/nodes/{{node}}/{kind}/{{vmid}}/vncwebsocket", r => WithGuest(r, kind, async g =>
            {
                int port = int.Parse(r.Get("port") ?? "0", CultureInfo.InvariantCulture);
                string ticket = r.Get("vncticket") ?? string.Empty;
                bool? term = Vnc.Take(ticket, g.VmId, port, r.User!);
                if (term == null)
                {
                    await PveResponse.Error(r.Context, 401, "permission denied - invalid vnc ticket");
                    return;
                }

                SimVncServer? server = null;
                if (!r.Context.WebSockets.IsWebSocketRequest || (term == false && !Options.VncServers.TryGetValue(g.VmId, out server)))
                {
                    await PveResponse.Data(r.Context, new JsonObject { ["port"] = port.ToString(CultureInfo.InvariantCulture) });
                    return;
                }

                // pve-http-server answers with the sub-protocol the client asked for (AnyEvent.pm websocket_proxy).
                string? protocol = r.Context.WebSockets.WebSocketRequestedProtocols.FirstOrDefault();
                using System.Net.WebSockets.WebSocket socket = await r.Context.WebSockets.AcceptWebSocketAsync(protocol);
                if (term == true)
                {
                    await Vnc.TermAsync(socket, ticket, r.User!, Options.SerialServers.GetValueOrDefault(g.VmId), g.Name, r.Context.RequestAborted);
                }
                else
                {
                    await Vnc.BridgeAsync(socket, server!, r.Context.RequestAborted);
                }
            }));
        }

        // status/current (qemu-server vm_status, pve-container): what the console endpoints' callers read first.
        foreach (string kind in new[] { "qemu", "lxc" })
        {
            Handle("GET", $"/nodes/{{node}}/{kind}/{{vmid}}/status/current", r => WithGuest(r, kind, g =>
            {
                var status = new JsonObject { ["vmid"] = g.VmId, ["name"] = g.Name, ["status"] = g.Status };
                if (kind == "qemu")
                {
                    status["qmpstatus"] = g.Status;
                    lock (g.Config)
                    {
                        if (g.Config.Values.TryGetValue("vga", out string? vga) && vga.StartsWith("qxl", StringComparison.Ordinal))
                        {
                            status["spice"] = 1;
                        }
                    }
                }
                else
                {
                    status["type"] = "lxc";
                }

                return PveResponse.Data(r.Context, status);
            }));
        }

        Handle("PUT", "/nodes/{node}/qemu/{vmid}/sendkey", r => WithGuest(r, "qemu", async g =>
        {
            if (g.Status != "running")
            {
                await PveResponse.Error(r.Context, 500, $"VM {g.VmId} not running");
                return;
            }

            string keys = r.Get("key") ?? string.Empty;
            string bad;
            if (Options.VncServers.TryGetValue(g.VmId, out SimVncServer? qemu))
            {
                // A real QEMU: its monitor says what it refuses; qemu-server dies with that output (vm_sendkey).
                bad = await QemuQmp.HumanAsync(qemu.Qmp, "sendkey " + keys);
            }
            else
            {
                string? unknown = keys.Split('-').FirstOrDefault(k => !(QemuKeys.Contains(k) || (k.StartsWith("0x", StringComparison.Ordinal) && k.Length > 2 && k[2..].All(Uri.IsHexDigit))));
                bad = unknown == null ? string.Empty : $"invalid parameter: {unknown}";
            }

            if (bad.Length > 0)
            {
                await PveResponse.Error(r.Context, 500, bad.Trim());
                return;
            }

            SentKeys.GetOrAdd(g.VmId, _ => new ConcurrentQueue<string>()).Enqueue(keys);
            await PveResponse.Data(r.Context, null);
        }));
        Handle("POST", "/nodes/{node}/qemu/{vmid}/spiceproxy", r => WithGuest(r, "qemu", g =>
        {
            string vga;
            lock (g.Config)
            {
                vga = g.Config.Values.TryGetValue("vga", out string? v) ? v : "std";
            }

            if (g.Status != "running")
            {
                return PveResponse.Error(r.Context, 500, $"VM {g.VmId} not running");
            }

            if (!vga.StartsWith("qxl", StringComparison.Ordinal))
            {
                return PveResponse.Error(r.Context, 500, "no spice port");
            }

            string proxy = r.Get("proxy") ?? g.Node;
            string ticket = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(20)).ToLowerInvariant();
            return PveResponse.Data(r.Context, new JsonObject
            {
                ["secure-attention"] = "Ctrl+Alt+Ins",
                ["toggle-fullscreen"] = "Shift+F11",
                ["release-cursor"] = "Ctrl+Alt+R",
                ["type"] = "spice",
                ["title"] = $"VM {g.VmId} - {g.Name}",
                ["host"] = $"pvespiceproxy:{ticket[..16]}:{g.VmId}:{g.Node}::{ticket[16..]}",
                ["proxy"] = $"http://{proxy}:3128",
                ["tls-port"] = 61000 + (g.VmId % 1000),
                ["host-subject"] = $"OU=PVE Cluster Node,O=Proxmox Virtual Environment,CN={g.Node}.example.test",
                ["ca"] = "-----BEGIN CERTIFICATE-----\\nMIIBsimulated\\n-----END CERTIFICATE-----\\n",
                ["password"] = ticket,
                ["delete-this-file"] = 1,
            });
        }));
    }

    /// <summary>QEMU's QKeyCode names (qapi/ui.json).</summary>
    private static readonly HashSet<string> QemuKeys = new(KvmPve.PveVmKeys.QemuNames, StringComparer.Ordinal);
}
