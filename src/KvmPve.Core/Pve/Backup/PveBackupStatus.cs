using System;

namespace KvmPve
{
    /// <summary>A guest's backup state: its newest archive and whether a backup job covers it.</summary>
    public sealed class PveBackupStatus
    {
        public int VmId { get; set; }

        public string? Name { get; set; }

        public string Node { get; set; } = string.Empty;

        public PveGuestType Type { get; set; }

        /// <summary>The newest archive's volume id; none when the guest has no archive on any backup storage.</summary>
        public string? NewestArchive { get; set; }

        public DateTime? NewestAt { get; set; }

        public TimeSpan? Age { get; set; }

        public string? Storage { get; set; }

        /// <summary>The newest archive's verification state (a Proxmox Backup Server's: ok, failed), when known.</summary>
        public string? Verification { get; set; }

        /// <summary>Whether a backup job includes the guest (PVE's /cluster/backup-info/not-backed-up).</summary>
        public bool CoveredByJob { get; set; }

        /// <summary>With -MaxAge: no archive, or the newest is older.</summary>
        public bool Stale { get; set; }

        public PveSession? Session { get; set; }

        public override string ToString() => $"{Name ?? VmId.ToString(System.Globalization.CultureInfo.InvariantCulture)}: {NewestArchive ?? "no backup"}";
    }

    /// <summary>What one restore drill found: the archive restored as a throwaway guest, booted, checked, removed.</summary>
    public sealed class PveRestoreDrill
    {
        public int VmId { get; set; }

        public string? Name { get; set; }

        public string Node { get; set; } = string.Empty;

        public string? Archive { get; set; }

        public TimeSpan? ArchiveAge { get; set; }

        /// <summary>The throwaway guest's VMID.</summary>
        public int? RestoredVmId { get; set; }

        /// <summary>How long the restore took (until the guest was there, unlocked, its links down).</summary>
        public TimeSpan? RestoredIn { get; set; }

        /// <summary>With -Boot: whether it started; null without.</summary>
        public bool? Booted { get; set; }

        /// <summary>With -Boot, for a VM: whether its guest agent answered; null without.</summary>
        public bool? AgentAnswered { get; set; }

        public bool Removed { get; set; }

        /// <summary>Restored (and with -Boot started, and its agent answered where asked) without an error.</summary>
        public bool Succeeded { get; set; }

        public string? Error { get; set; }

        public PveSession? Session { get; set; }

        public override string ToString() => $"{Name ?? VmId.ToString(System.Globalization.CultureInfo.InvariantCulture)}: {(Succeeded ? "restored" : "failed")}";
    }
}
