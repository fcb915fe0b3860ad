using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace KvmPve.Simulator.Pve;

/// <summary>
/// A QEMU guest agent in every VM that has agent: 1 and runs: ping; exec with scripted programs (echo, printf, cat,
/// argv, exit N, fail, sleep S, kill) and exec-status that reports them once their time is up; file-read and
/// file-write with PVE's encode/decode flags and its 16 MiB read limit.
/// </summary>
public sealed partial class PveApi
{
    /// <summary>PVE's file-read limit: a bigger file comes back truncated.</summary>
    public const int AgentReadLimit = 16 * 1024 * 1024;

    private void MapAgent()
    {
        string path = "/nodes/{node}/qemu/{vmid}/agent";
        Handle("POST", path + "/ping", r => WithAgent(r, _ => PveResponse.Data(r.Context, new JsonObject { ["result"] = new JsonObject() })));
        Handle("POST", path + "/exec", r => WithAgent(r, a => Exec(r, a)));
        Handle("GET", path + "/exec-status", r => WithAgent(r, a => ExecStatus(r, a)));
        Handle("GET", path + "/file-read", r => WithAgent(r, a => FileRead(r, a)));
        Handle("POST", path + "/file-write", r => WithAgent(r, a => FileWrite(r, a)));
        Handle("GET", path + "/network-get-interfaces", r => WithAgentGuest(r, g => PveResponse.Data(r.Context, new JsonObject { ["result"] = Interfaces(g, agent: true) })));
        Handle("GET", "/nodes/{node}/lxc/{vmid}/interfaces", r => WithGuest(r, "lxc", g => g.Status == "running"
            ? PveResponse.Data(r.Context, Interfaces(g, agent: false))
            : PveResponse.Error(r.Context, 500, $"CT {g.VmId} not running")));
    }

    /// <summary>
    /// A guest's interfaces: loopback, and eth0 with its link-local addresses at once and its DHCP address
    /// 10.0.{node}.{id} once <see cref="PveSimulatorOptions.GuestIpDelay"/> has passed since the start. The agent's
    /// shape (ip-addresses) for VMs; for containers PVE's (hwaddr, inet, inet6 besides ip-addresses).
    /// </summary>
    private JsonArray Interfaces(SimGuest guest, bool agent)
    {
        string mac;
        lock (guest.Config)
        {
            string net0 = guest.Config.Values.TryGetValue("net0", out string? n) ? n : string.Empty;
            mac = System.Text.RegularExpressions.Regex.Match(net0, "([0-9A-Fa-f]{2}:){5}[0-9A-Fa-f]{2}").Value;
        }

        bool leased = Options.Clock.UtcNow >= guest.StartedAt + Options.AgentDelay + Options.GuestIpDelay(guest.VmId);
        string ipv4 = string.Create(CultureInfo.InvariantCulture, $"10.0.{(guest.Node == "pve1" ? 1 : 2)}.{guest.VmId % 250 + 2}");
        var eth0 = new List<(string Address, string Family, int Prefix)> { ($"169.254.{guest.VmId % 250}.7", "ipv4", 16), ("fe80::be24:11ff:fe00:" + (guest.VmId % 256).ToString("x", CultureInfo.InvariantCulture), "ipv6", 64) };
        if (leased)
        {
            eth0.Insert(1, (ipv4, "ipv4", 24));
        }

        JsonObject Interface(string name, string hw, List<(string Address, string Family, int Prefix)> ips)
        {
            var entry = new JsonObject
            {
                [agent ? "hardware-address" : "hwaddr"] = hw.ToLowerInvariant(),
                ["ip-addresses"] = new JsonArray(ips.Select(i => (JsonNode)new JsonObject { ["ip-address"] = i.Address, ["ip-address-type"] = i.Family, ["prefix"] = i.Prefix }).ToArray()),
                ["name"] = name,
            };
            if (!agent)
            {
                entry["hardware-address"] = hw.ToLowerInvariant();
                if (ips.FirstOrDefault(i => i.Family == "ipv4" && !i.Address.StartsWith("169.254.", StringComparison.Ordinal)) is { Address: not null } v4)
                {
                    entry["inet"] = $"{v4.Address}/{v4.Prefix}";
                }
            }

            return entry;
        }

        return new JsonArray(
            Interface("lo", "00:00:00:00:00:00", [("127.0.0.1", "ipv4", 8), ("::1", "ipv6", 128)]),
            Interface("eth0", mac.Length > 0 ? mac : "BC:24:11:00:00:00", eth0));
    }

    private Task WithAgent(PveRequest request, Func<SimAgent, Task> answer) => WithAgentGuest(request, guest => answer(guest.Agent));

    private Task WithAgentGuest(PveRequest request, Func<SimGuest, Task> answer) => WithGuest(request, "qemu", guest =>
    {
        string agent;
        lock (guest.Config)
        {
            agent = guest.Config.Values.TryGetValue("agent", out string? a) ? a : "0";
        }

        if (!(agent == "1" || agent.Contains("enabled=1", StringComparison.Ordinal) || agent.StartsWith("1,", StringComparison.Ordinal)))
        {
            return PveResponse.Error(request.Context, 500, "No QEMU guest agent configured");
        }

        if (guest.Status != "running")
        {
            return PveResponse.Error(request.Context, 500, $"VM {guest.VmId} is not running");
        }

        // The agent answers a moment after the guest starts: its OS has to boot first.
        return guest.StartedAt + Options.AgentDelay > Options.Clock.UtcNow
            ? PveResponse.Error(request.Context, 500, "QEMU guest agent is not running")
            : answer(guest);
    });

    private Task Exec(PveRequest request, SimAgent agent)
    {
        List<string> command = request.Parameters.TryGetValue("command", out List<string>? parts) ? parts : [];
        // qemu-server's qemu_exec passes input-data to encode_base64, which takes bytes only: a character above U+00FF
        // dies, the others become one byte each.
        if (PerlByteString(request.Get("input-data") ?? string.Empty) is not byte[] input)
        {
            return PveResponse.Error(request.Context, 500, "Wide character in subroutine entry at /usr/share/perl5/PVE/QemuServer/Agent.pm line 135.");
        }

        // The arguments reach the guest as JSON, so as UTF-8.
        string[] args = command.Skip(1).ToArray();
        var run = new SimProcess { Start = Options.Clock.UtcNow };
        switch (command.FirstOrDefault())
        {
            case "echo":
                run.Out = Encoding.UTF8.GetBytes(string.Join(" ", args) + "\n");
                break;
            case "printf":
                run.Out = Printf(string.Concat(args));
                break;
            case "cat":
                run.Out = input;
                break;
            case "argv":
                run.Out = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(args, new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
                break;
            case "exit":
                run.ExitCode = int.Parse(args.FirstOrDefault() ?? "0", CultureInfo.InvariantCulture);
                break;
            case "fail":
                run.Err = Encoding.UTF8.GetBytes(string.Join(" ", args) + "\n");
                run.ExitCode = 1;
                break;
            case "sleep":
                run.Duration = TimeSpan.FromSeconds(double.Parse(args.FirstOrDefault() ?? "1", CultureInfo.InvariantCulture));
                break;
            case "kill":
                run.Signal = 9;
                run.ExitCode = null;
                break;
            default:
                return PveResponse.Error(request.Context, 500,
                    $"Agent error: Guest agent command failed, error was 'Failed to execute child process “{command.FirstOrDefault()}” (No such file or directory)'");
        }

        int pid = agent.Add(run);
        return PveResponse.Data(request.Context, new JsonObject { ["pid"] = pid });
    }

    private Task ExecStatus(PveRequest request, SimAgent agent)
    {
        int pid = int.Parse(request.Get("pid")!, CultureInfo.InvariantCulture);
        if (!agent.Processes.TryGetValue(pid, out SimProcess? run))
        {
            return PveResponse.Error(request.Context, 500, $"Agent error: Guest agent command failed, error was 'Invalid parameter 'pid''");
        }

        if (Options.Clock.UtcNow - run.Start < run.Duration)
        {
            return PveResponse.Data(request.Context, new JsonObject { ["exited"] = 0 });
        }

        var data = new JsonObject { ["exited"] = 1 };
        if (run.ExitCode is int code)
        {
            data["exitcode"] = code;
        }

        if (run.Signal is int signal)
        {
            data["signal"] = signal;
        }

        // qemu-server decodes the agent's base64 and its JSON encoder sends the byte string as characters U+0000-U+00FF.
        if (run.Out.Length > 0)
        {
            data["out-data"] = Encoding.Latin1.GetString(run.Out);
        }

        if (run.Err.Length > 0)
        {
            data["err-data"] = Encoding.Latin1.GetString(run.Err);
        }

        return PveResponse.Data(request.Context, data);
    }

    private Task FileRead(PveRequest request, SimAgent agent)
    {
        string file = request.Get("file")!;
        if (agent.Read(file) is not byte[] bytes)
        {
            return PveResponse.Error(request.Context, 500, $"Agent error: Guest agent command failed, error was 'Failed to open file '{file}': No such file or directory'");
        }

        byte[] sent = bytes.Length > AgentReadLimit ? bytes[..AgentReadLimit] : bytes;
        // decode defaults to 1: PVE then hands out the bytes as characters U+0000-U+00FF (its Perl byte string).
        var data = new JsonObject { ["content"] = request.Get("decode") == "0" ? Convert.ToBase64String(sent) : Encoding.Latin1.GetString(sent) };
        if (sent.Length < bytes.Length)
        {
            data["truncated"] = 1;
        }

        return PveResponse.Data(request.Context, data);
    }

    private Task FileWrite(PveRequest request, SimAgent agent)
    {
        string content = request.Get("content")!;
        // encode defaults to 1: PVE base64-encodes the content itself (encode_base64: bytes only, one per character), so
        // an already-encoded content is written as its base64 text.
        byte[]? bytes = request.Get("encode") == "0" ? Convert.FromBase64String(content) : PerlByteString(content);
        if (bytes == null)
        {
            return PveResponse.Error(request.Context, 500, "Wide character in subroutine entry at /usr/share/perl5/PVE/API2/Qemu/Agent.pm line 624.");
        }

        agent.Files[request.Get("file")!] = bytes;
        return PveResponse.Data(request.Context, null);
    }
}

public sealed partial class PveApi
{
    /// <summary>A Perl string as encode_base64 takes it: one byte per character, null when a character is above U+00FF.</summary>
    private static byte[]? PerlByteString(string text) => text.Any(c => c > '\u00FF') ? null : Encoding.Latin1.GetBytes(text);

    /// <summary>printf's escapes that make bytes: \n, \t, \\ and \xHH (any byte, valid UTF-8 or not); the rest as UTF-8.</summary>
    private static byte[] Printf(string format)
    {
        var bytes = new List<byte>();
        var text = new StringBuilder();
        void Flush()
        {
            bytes.AddRange(Encoding.UTF8.GetBytes(text.ToString()));
            text.Clear();
        }

        for (int i = 0; i < format.Length; i++)
        {
            if (format[i] != '\\' || i + 1 == format.Length)
            {
                text.Append(format[i]);
                continue;
            }

            char next = format[++i];
            if (next == 'x' && i + 2 < format.Length && Uri.IsHexDigit(format[i + 1]) && Uri.IsHexDigit(format[i + 2]))
            {
                Flush();
                bytes.Add(Convert.ToByte(format.Substring(i + 1, 2), 16));
                i += 2;
            }
            else
            {
                text.Append(next switch { 'n' => "\n", 't' => "\t", '\\' => "\\", _ => "\\" + next });
            }
        }

        Flush();
        return bytes.ToArray();
    }
}

/// <summary>A guest's agent: the processes it started and the guest's files.</summary>
public sealed class SimAgent
{
    private int _pid = 4000;

    public ConcurrentDictionary<int, SimProcess> Processes { get; } = new();

    /// <summary>A file past PVE's read limit, made when read.</summary>
    public const string BigFile = "/var/log/big.bin";

    /// <summary>Path → bytes.</summary>
    public ConcurrentDictionary<string, byte[]> Files { get; } = new(StringComparer.Ordinal) { ["/etc/hostname"] = Encoding.UTF8.GetBytes("guest\n") };

    public byte[]? Read(string path) => Files.TryGetValue(path, out byte[]? bytes) ? bytes
        : path == BigFile ? Enumerable.Range(0, PveApi.AgentReadLimit + 4096).Select(i => (byte)(i % 251)).ToArray() : null;

    public int Add(SimProcess process)
    {
        int pid = Interlocked.Increment(ref _pid);
        Processes[pid] = process;
        return pid;
    }
}

public sealed class SimProcess
{
    public DateTimeOffset Start { get; init; }

    public TimeSpan Duration { get; set; }

    public int? ExitCode { get; set; } = 0;

    public int? Signal { get; set; }

    /// <summary>The bytes the process wrote.</summary>
    public byte[] Out { get; set; } = [];

    public byte[] Err { get; set; } = [];
}
