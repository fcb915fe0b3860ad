using KvmPve.Time;

namespace KvmPve.Simulator.Pve;

/// <summary>How the fake Proxmox VE cluster behaves; change values between requests to stage a scenario.</summary>
public sealed class PveSimulatorOptions
{
    /// <summary>user@realm → password.</summary>
    public Dictionary<string, string> Users { get; } = new(StringComparer.Ordinal)
    {
        ["root@pam"] = "proxmox", ["auditor@pve"] = "auditor", ["readonly@pve"] = "readonly", ["operator@pve"] = "operator",
    };

    /// <summary>
    /// User or privilege-separated token → ACL entries. readonly@pve audits everything; operator@pve audits everything
    /// and runs web01 (100); the token operator@pve!narrow (privilege-separated) may only look at web01.
    /// </summary>
    public Dictionary<string, List<SimAcl>> Acls { get; } = new(StringComparer.Ordinal)
    {
        ["readonly@pve"] = [new SimAcl("/", SimRoles.Auditor)],
        ["operator@pve"] = [new SimAcl("/", SimRoles.Auditor), new SimAcl("/vms/100", SimRoles.VmUser.Concat(SimRoles.Auditor).Distinct().ToArray())],
        ["operator@pve!narrow"] = [new SimAcl("/vms/100", ["VM.Audit"])],
    };

    /// <summary>API tokens with privilege separation: they hold only their own ACLs, never their user's.</summary>
    public HashSet<string> PrivilegeSeparated { get; } = new(StringComparer.Ordinal) { "operator@pve!narrow" };

    /// <summary>user@realm → base32 TOTP secret, for users with TFA.</summary>
    public Dictionary<string, string> TotpSecrets { get; } = new(StringComparer.Ordinal);

    /// <summary>user@realm!tokenid → secret.</summary>
    public Dictionary<string, string> Tokens { get; } = new(StringComparer.Ordinal)
    {
        ["root@pam!automation"] = "5f2b9c1e-8d3a-4f6b-9e0c-7a1d2b3c4e5f", ["operator@pve!narrow"] = "0c8e6a4f-2b1d-4e3a-9f7c-5d6b8a9e1f20",
    };

    /// <summary>Users (or token owners) with no privileges: everything but /version and /access answers 403.</summary>
    public HashSet<string> WithoutPrivileges { get; } = new(StringComparer.Ordinal) { "auditor@pve" };

    public string ClusterName { get; set; } = "sim-cluster";

    /// <summary>Real VNC servers (QEMU) of VMs, for vncproxy and vncwebsocket; a VM without one refuses its VNC console.</summary>
    public Dictionary<int, SimVncServer> VncServers { get; } = new();

    /// <summary>Real serial ports (QEMU's UNIX sockets) of VMs behind termproxy; other guests get a scripted login console.</summary>
    public Dictionary<int, string> SerialServers { get; } = new();

    public TimeSpan TicketLifetime { get; set; } = TimeSpan.FromHours(2);

    /// <summary>PVE waits about 3 s before every 401; tests use 0.</summary>
    public TimeSpan UnauthorizedDelay { get; set; } = TimeSpan.Zero;

    /// <summary>Whether every request is checked against the official schema (embedded); off only to stage a broken client.</summary>
    public bool CheckSchema { get; set; } = true;

    public Clock Clock { get; set; } = Clock.System;

    /// <summary>How long an HA-managed guest takes to change after its HA task ended (PVE's HA manager acts on its own time).</summary>
    public TimeSpan HaDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a task runs before it stops.</summary>
    public TimeSpan TaskDuration { get; set; } = TimeSpan.FromMilliseconds(300);

    /// <summary>Durations for tasks of one type, of one guest, or both (pve-mock's /task-duration rules: the most specific wins).</summary>
    public System.Collections.Concurrent.ConcurrentDictionary<(string? Type, int? VmId), TimeSpan> TaskDurations { get; } = new();

    /// <summary>How long a task of that type for that guest runs: its most specific rule, else <see cref="TaskDuration"/> (ten times for a slow guest).</summary>
    public TimeSpan DurationOf(string type, int? vmId) =>
        TaskDurations.TryGetValue((type, vmId), out TimeSpan both) ? both
        : TaskDurations.TryGetValue((type, null), out TimeSpan byType) ? byType
        : TaskDurations.TryGetValue((null, vmId), out TimeSpan byGuest) ? byGuest
        : TaskDuration * (vmId is int id && SlowTasks.Contains(id) ? 10 : 1);

    /// <summary>VMID → how its next tasks end: "OK" (default), "WARNINGS: 1", or an error text.</summary>
    public Dictionary<int, string> TaskOutcomes { get; } = [];

    /// <summary>The node whose pveproxy answers (the address connected to): what runs there, such as an upload's copy task, names it.</summary>
    public string LocalNode { get; set; } = "pve1";

    /// <summary>Nodes the cluster cannot reach: requests routed to them answer 595.</summary>
    public HashSet<string> OfflineNodes { get; } = new(StringComparer.Ordinal);

    /// <summary>When set, pveproxy stops reading an upload after this many bytes of its file (a stalled server).</summary>
    public long? UploadStallAfter { get; set; }

    /// <summary>How long after a start a VM's guest agent answers.</summary>
    public TimeSpan AgentDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>VMID → how long after its agent answers a guest's DHCP address comes (none by default).</summary>
    public System.Collections.Concurrent.ConcurrentDictionary<int, TimeSpan> GuestIpDelays { get; } = new();

    public TimeSpan GuestIpDelay(int vmId) => GuestIpDelays.TryGetValue(vmId, out TimeSpan delay) ? delay : TimeSpan.Zero;

    /// <summary>VMIDs whose tasks run ten times as long as the others.</summary>
    public HashSet<int> SlowTasks { get; } = [];

    /// <summary>VMIDs whose guests use a local device (hostpci0): PVE refuses to migrate them.</summary>
    public HashSet<int> PinnedGuests { get; } = [];

    /// <summary>
    /// How many of the next /cluster/nextid answers are stale: the lowest VMID in use, as a node whose view of the
    /// cluster lags behind answers while another process creates that guest.
    /// </summary>
    public int StaleNextIds { get; set; }

    /// <summary>Extra generated guests (for scale tests and benchmarks), spread over both nodes.</summary>
    public int ExtraGuests { get; set; }
}
