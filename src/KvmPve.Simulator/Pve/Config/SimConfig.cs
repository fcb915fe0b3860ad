using System.Globalization;

namespace KvmPve.Simulator.Pve;

/// <summary>A guest's configuration keys as its config file holds them, its pending changes, and what its cloud-init drive carries.</summary>
public sealed class SimConfig
{
    public static readonly string[] CloudInitKeys = ["ciuser", "cipassword", "sshkeys", "nameserver", "searchdomain", "ipconfig0", "ipconfig1", "ipconfig2", "ipconfig3"];

    public SortedDictionary<string, string> Values { get; } = new(StringComparer.Ordinal);

    public SortedDictionary<string, string> Pending { get; } = new(StringComparer.Ordinal);

    public SortedSet<string> PendingDelete { get; } = new(StringComparer.Ordinal);

    /// <summary>The cloud-init keys as the drive was last generated (at a start or by PUT .../cloudinit).</summary>
    public Dictionary<string, string> CloudInitDrive { get; } = new(StringComparer.Ordinal);

    public static SimConfig Default(int vmId, string type)
    {
        var config = new SimConfig();
        string mac = string.Create(CultureInfo.InvariantCulture, $"BC:24:11:{(type == "lxc" ? 1 : 0):X2}:{vmId / 256 % 256:X2}:{vmId % 256:X2}");
        if (type == "lxc")
        {
            config.Set("arch", "amd64");
            config.Set("cores", "1");
            config.Set("memory", "512");
            config.Set("swap", "512");
            config.Set("ostype", "debian");
            config.Set("rootfs", $"local-lvm:vm-{vmId}-disk-0,size=8G");
            config.Set("net0", $"name=eth0,bridge=vmbr0,firewall=1,hwaddr={mac},ip=dhcp,type=veth");
            config.Set("unprivileged", "1");
        }
        else
        {
            config.Set("agent", "1");
            config.Set("boot", "order=scsi0;ide2;net0");
            config.Set("cores", "2");
            config.Set("sockets", "1");
            config.Set("memory", "4096");
            config.Set("ostype", "l26");
            config.Set("scsihw", "virtio-scsi-single");
            config.Set("scsi0", $"local-lvm:vm-{vmId}-disk-0,iothread=1,size=32G");
            config.Set("ide2", $"local-lvm:vm-{vmId}-cloudinit,media=cdrom");
            config.Set("net0", $"virtio={mac},bridge=vmbr0,firewall=1");
            config.Set("vmgenid", $"3f2c1a9e-0000-4000-8000-{vmId:D12}");
        }

        return config;
    }

    public void Set(string key, string value) => Values[key] = value;

    /// <summary>A copy for a clone: the same keys, with the disks renamed for the new VMID.</summary>
    public SimConfig CloneFor(int from, int to)
    {
        var copy = new SimConfig();
        lock (this)
        {
            foreach ((string key, string value) in Values)
            {
                copy.Values[key] = value.Replace($"vm-{from}-", $"vm-{to}-", StringComparison.Ordinal);
            }
        }

        return copy;
    }
}
