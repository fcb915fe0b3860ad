using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace KvmPve.Simulator.Pve;

/// <summary>A storage: local ones exist once per node with volumes of their own, a shared one once for the cluster.</summary>
public sealed class SimStorage(string name, string type, string content, bool shared, string? node)
{
    public string Name { get; } = name;

    public string Type { get; } = type;

    public string[] Content { get; } = content.Split(',');

    public bool Shared { get; } = shared;

    /// <summary>The node of a local storage; null for a shared one.</summary>
    public string? Node { get; } = node;

    public long Total { get; } = 100L << 30;

    public ConcurrentDictionary<string, SimVolume> Volumes { get; } = new(StringComparer.Ordinal);

    public void Add(SimVolume volume) => Volumes[volume.VolId] = volume;

    public JsonObject ToStatus()
    {
        long used = Volumes.Values.Sum(v => v.Size);
        return new JsonObject
        {
            ["storage"] = Name, ["type"] = Type, ["content"] = string.Join(",", Content), ["shared"] = Shared ? 1 : 0, ["enabled"] = 1, ["active"] = 1,
            ["total"] = Total, ["used"] = used, ["avail"] = Total - used, ["used_fraction"] = (double)used / Total,
        };
    }
}

public sealed class SimVolume(string volId, string content, string format, long size, long ctime, int? vmId)
{
    public string VolId { get; } = volId;

    public string Content { get; } = content;

    public string Format { get; } = format;

    public long Size { get; } = size;

    public long CTime { get; } = ctime;

    public int? VmId { get; } = vmId;

    public string? Notes { get; init; }

    public bool Protected { get; init; }

    /// <summary>The upload's checksums, so a test can see that what arrived is what was sent.</summary>
    public IReadOnlyDictionary<string, string>? Checksums { get; init; }

    public JsonObject ToContent()
    {
        var entry = new JsonObject { ["volid"] = VolId, ["content"] = Content, ["format"] = Format, ["size"] = Size, ["ctime"] = CTime };
        if (VmId is int vmid)
        {
            entry["vmid"] = vmid;
        }

        if (Notes != null)
        {
            entry["notes"] = Notes;
        }

        if (Content == "backup")
        {
            entry["protected"] = Protected ? 1 : 0;
        }

        return entry;
    }
}
