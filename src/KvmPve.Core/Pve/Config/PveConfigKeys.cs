// Generated from PVE 9.1's API schema (the simulator embeds the same file: src/KvmPve.Simulator/Pve/Schema);
// an xunit test fails when these lists and that schema part ways. "[n]" stands for an index (net0, scsi1, ...).
namespace KvmPve.Pve
{
    internal static class PveConfigKeys
    {
        /// <summary>PUT /nodes/{node}/qemu/{vmid}/config.</summary>
        public static readonly string[] QemuConfig =
        {
            "acpi", "affinity", "agent", "allow-ksm", "amd-sev", "arch", "args", "audio0", "autostart", "balloon", "bios", "boot", "bootdisk",
            "cdrom", "cicustom", "cipassword", "citype", "ciupgrade", "ciuser", "cores", "cpu", "cpulimit", "cpuunits", "delete", "description",
            "digest", "efidisk0", "force", "freeze", "hookscript", "hostpci[n]", "hotplug", "hugepages", "ide[n]", "intel-tdx", "ipconfig[n]",
            "ivshmem", "keephugepages", "keyboard", "kvm", "localtime", "lock", "machine", "memory", "migrate_downtime", "migrate_speed", "name",
            "nameserver", "net[n]", "numa", "numa[n]", "onboot", "ostype", "parallel[n]", "protection", "reboot", "revert", "rng0", "sata[n]",
            "scsi[n]", "scsihw", "searchdomain", "serial[n]", "shares", "skiplock", "smbios1", "smp", "sockets", "spice_enhancements", "sshkeys",
            "startdate", "startup", "tablet", "tags", "tdf", "template", "tpmstate0", "unused[n]", "usb[n]", "vcpus", "vga", "virtio[n]",
            "virtiofs[n]", "vmgenid", "vmstatestorage", "watchdog",
        };

        /// <summary>PUT /nodes/{node}/lxc/{vmid}/config.</summary>
        public static readonly string[] LxcConfig =
        {
            "arch", "cmode", "console", "cores", "cpulimit", "cpuunits", "debug", "delete", "description", "dev[n]", "digest", "entrypoint", "env",
            "features", "hookscript", "hostname", "lock", "memory", "mp[n]", "nameserver", "net[n]", "onboot", "ostype", "protection", "revert",
            "rootfs", "searchdomain", "startup", "swap", "tags", "template", "timezone", "tty", "unprivileged", "unused[n]",
        };

        /// <summary>POST /nodes/{node}/qemu.</summary>
        public static readonly string[] QemuCreate =
        {
            "acpi", "affinity", "agent", "allow-ksm", "amd-sev", "arch", "archive", "args", "audio0", "autostart", "balloon", "bios", "boot",
            "bootdisk", "bwlimit", "cdrom", "cicustom", "cipassword", "citype", "ciupgrade", "ciuser", "cores", "cpu", "cpulimit", "cpuunits",
            "description", "efidisk0", "force", "freeze", "ha-managed", "hookscript", "hostpci[n]", "hotplug", "hugepages", "ide[n]",
            "import-working-storage", "intel-tdx", "ipconfig[n]", "ivshmem", "keephugepages", "keyboard", "kvm", "live-restore", "localtime", "lock",
            "machine", "memory", "migrate_downtime", "migrate_speed", "name", "nameserver", "net[n]", "numa", "numa[n]", "onboot", "ostype",
            "parallel[n]", "pool", "protection", "reboot", "rng0", "sata[n]", "scsi[n]", "scsihw", "searchdomain", "serial[n]", "shares", "smbios1",
            "smp", "sockets", "spice_enhancements", "sshkeys", "start", "startdate", "startup", "storage", "tablet", "tags", "tdf", "template",
            "tpmstate0", "unique", "unused[n]", "usb[n]", "vcpus", "vga", "virtio[n]", "virtiofs[n]", "vmgenid", "vmstatestorage", "watchdog",
        };
    }
}
