using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using KvmPve.Errors;
using KvmPve.Pve;

namespace KvmPve
{
    /// <summary>How Restore-PveBackup restores an archive.</summary>
    public sealed class PveRestoreOptions
    {
        /// <summary>The guest's VMID; the next free one (held like a clone's) when not given.</summary>
        public int? VmId { get; set; }

        /// <summary>Overwrite an existing guest of that VMID (a stopped one only).</summary>
        public bool Force { get; set; }

        /// <summary>Where to restore; the archive's node (any online node for a shared storage) by default.</summary>
        public string? Node { get; set; }

        /// <summary>The storage for the disks; the backed-up ones by default.</summary>
        public string? Storage { get; set; }

        /// <summary>New MAC addresses (and a new VM generation id), so the copy does not clash with the original.</summary>
        public bool Unique { get; set; }

        /// <summary>Start the VM while its data is restored (qemu from a Proxmox Backup Server only).</summary>
        public bool LiveRestore { get; set; }

        public bool Start { get; set; }
    }

    public sealed partial class PveSession
    {
        // vzdump-qemu-100-2025_11_01-02_00_00.vma.zst, and a Proxmox Backup Server's backup/vm/100/2025-11-01T02:00:00Z.
        private static readonly Regex VzdumpArchive = new Regex(":backup/vzdump-(?<type>qemu|lxc|openvz)-(?<vmid>[0-9]+)-", RegexOptions.CultureInvariant);

        private static readonly Regex PbsArchive = new Regex(":backup/(?<type>vm|ct)/(?<vmid>[0-9]+)/", RegexOptions.CultureInvariant);

        /// <summary>The guest type and VMID an archive was made from, by its name; an archive of no known form is refused.</summary>
        internal static (PveGuestType Type, int VmId, bool Pbs) ArchiveOf(string volId)
        {
            Match vzdump = VzdumpArchive.Match(volId ?? string.Empty);
            if (vzdump.Success)
            {
                return (vzdump.Groups["type"].Value == "qemu" ? PveGuestType.Qemu : PveGuestType.Lxc, int.Parse(vzdump.Groups["vmid"].Value, CultureInfo.InvariantCulture), false);
            }

            Match pbs = PbsArchive.Match(volId ?? string.Empty);
            if (pbs.Success)
            {
                return (pbs.Groups["type"].Value == "vm" ? PveGuestType.Qemu : PveGuestType.Lxc, int.Parse(pbs.Groups["vmid"].Value, CultureInfo.InvariantCulture), true);
            }

            throw KvmPveException.Invalid("PveInvalidArchive",
                $"'{volId}' is not a backup archive: storage:backup/vzdump-qemu|lxc-<vmid>-<time>.vma|tar[.zst], or a Proxmox Backup Server's storage:backup/vm|ct/<vmid>/<time>. Get-PveBackup lists them.");
        }

        /// <summary>
        /// Restores an archive as a new guest (the next free VMID, held) or over an existing stopped one with
        /// <see cref="PveRestoreOptions.Force"/>: qemu POST /nodes/{node}/qemu with archive, lxc POST /nodes/{node}/lxc with
        /// ostemplate and restore=1. The archive must exist; a running guest, or an existing one without Force, is
        /// refused before anything is sent. The task carries the guest's VMID.
        /// </summary>
        internal Task<PveTask> RestoreAsync(string volId, PveRestoreOptions options, CancellationToken cancellationToken) => RestoreAsync(volId, null, options, cancellationToken);

        /// <summary>As above, with the archive's listing entry when the caller has it already (then it is not listed again).</summary>
        private async Task<PveTask> RestoreAsync(string volId, PveStorageItem? listed, PveRestoreOptions options, CancellationToken cancellationToken)
        {
            (PveGuestType type, _, bool pbs) = ArchiveOf(volId);
            if (options.LiveRestore && (!pbs || type != PveGuestType.Qemu))
            {
                throw KvmPveException.Invalid("PveLiveRestoreNotSupported", $"-LiveRestore needs a VM's archive on a Proxmox Backup Server; '{volId}' is not one.");
            }

            if (options.Storage != null)
            {
                PveNames.CheckStorage(options.Storage);
            }

            PveStorageItem archive = listed ?? (await GetBackupsAsync(null, volId.Substring(0, volId.IndexOf(':')), cancellationToken).ConfigureAwait(false))
                .FirstOrDefault(a => a.VolId == volId && (options.Node == null || a.Node == options.Node || a.Node.Length == 0))
                ?? throw NotFound("PveArchiveNotFound", $"There is no archive '{volId}'{(options.Node == null ? string.Empty : " on " + options.Node)}. Get-PveBackup lists the archives.");
            string node = options.Node ?? archive.Node;

            if (options.VmId is int given)
            {
                CheckIds(new[] { given });
                PveVm? existing = (await GetVmsAsync(new PveVmQuery { VmId = new[] { given } }, _ => { }, cancellationToken).ConfigureAwait(false)).FirstOrDefault();
                if (existing != null && !options.Force)
                {
                    throw new KvmPveException(ErrorKind.ResourceExists, "PveVmIdTaken", $"VMID {given} is {existing}: pass -Force to restore over it (it is replaced), or leave out -VmId for a new guest.");
                }

                if (existing != null && existing.Status != "stopped")
                {
                    throw new KvmPveException(ErrorKind.InvalidOperation, "PveVmRunning", $"{existing} is {existing.Status}: PVE restores only over a stopped guest. Stop it first (Stop-PveVm -Wait).");
                }

                if (existing != null && existing.Type != type)
                {
                    throw KvmPveException.Invalid("PveArchiveTypeMismatch", $"{existing} is a {existing.Type}, '{volId}' a {type} backup: restore it to another VMID.");
                }
            }

            return await WithNewIdAsync(options.VmId, "-VmId", id =>
            {
                var pairs = new List<KeyValuePair<string, string>> { Pair("vmid", id.ToString(CultureInfo.InvariantCulture)) };
                pairs.Add(type == PveGuestType.Lxc ? Pair("ostemplate", volId) : Pair("archive", volId));
                AddIf(pairs, "restore", type == PveGuestType.Lxc ? "1" : null);
                AddIf(pairs, "storage", options.Storage);
                AddIf(pairs, "unique", options.Unique ? "1" : null);
                AddIf(pairs, "force", options.Force && options.VmId != null ? "1" : null);
                AddIf(pairs, "live-restore", options.LiveRestore ? "1" : null);
                AddIf(pairs, "start", options.Start ? "1" : null);
                return StartTaskAsync(HttpMethod.Post, NodePath(node) + (type == PveGuestType.Lxc ? "/lxc" : "/qemu"), pairs, cancellationToken);
            }, cancellationToken).ConfigureAwait(false);
        }
    }
}
