using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using KvmPve.Errors;
using KvmPve.Pve;

namespace KvmPve
{
    /// <summary>How Move-PveVmDisk moves a disk: to another storage, or to another guest (reassign).</summary>
    public sealed class PveDiskMove
    {
        public string? Storage { get; set; }

        /// <summary>raw, qcow2 or vmdk (VMs only).</summary>
        public string? Format { get; set; }

        /// <summary>Delete the source after the copy (otherwise it stays as unusedN).</summary>
        public bool DeleteSource { get; set; }

        public int? TargetVmId { get; set; }

        public string? TargetDisk { get; set; }
    }

    public sealed partial class PveSession
    {
        // qemu-server's and pve-container's size pattern: a number with K, M, G or T, bytes without; '+' to grow by it.
        private static readonly Regex SizeFormat = new Regex("^\\d+(\\.\\d+)?[KMGT]?$", RegexOptions.CultureInvariant);

        /// <summary>A size as PVE writes it (40G, 512M, 1.5T, bytes without a unit), checked before any request.</summary>
        internal static long CheckSize(string size, string parameter)
        {
            if (size == null || !SizeFormat.IsMatch(size) || !(PveVmDisk.Bytes(size) is long bytes) || bytes <= 0)
            {
                throw KvmPveException.Invalid("PveInvalidSize", $"{parameter} '{size}' is not a size as PVE writes it: a number with K, M, G or T (powers of 1024), such as 40G or 512M.");
            }

            return bytes;
        }

        /// <summary>The guest's disk by its key; an unknown one is ObjectNotFound naming the guest's disks.</summary>
        internal async Task<(PveVmDisk Disk, PveVmConfig Config)> DiskAsync(PveVm vm, string disk, CancellationToken cancellationToken)
        {
            PveVmConfig config = await GetConfigAsync(vm, false, cancellationToken).ConfigureAwait(false);
            PveVmDisk? found = config.Disks.FirstOrDefault(d => d.Key == disk);
            if (found == null)
            {
                string[] disks = config.Disks.Select(d => d.Key).ToArray();
                throw NotFound("PveDiskNotFound", $"{vm} has no disk '{disk}'. Its disks: {(disks.Length == 0 ? "none" : string.Join(", ", disks))}.");
            }

            return (found, config);
        }

        /// <summary>
        /// Grows a disk to <paramref name="size"/>, or by it with <paramref name="grow"/>. PVE cannot shrink: a size below
        /// the disk's is refused before any request, as is a CD-ROM. Guarded by the configuration's digest.
        /// </summary>
        internal async Task<PveTask> ResizeDiskAsync(PveVm vm, string disk, string size, bool grow, CancellationToken cancellationToken)
        {
            long bytes = CheckSize(size, grow ? "-Grow" : "-Size");
            (PveVmDisk found, PveVmConfig config) = await DiskAsync(vm, disk, cancellationToken).ConfigureAwait(false);
            if (found.Media == "cdrom" || found.Key.StartsWith("unused", StringComparison.Ordinal))
            {
                throw KvmPveException.Invalid("PveDiskNotResizable", $"{disk} of {vm} is {(found.Media == "cdrom" ? "a CD-ROM drive" : "not attached")}; only attached disks are resized.");
            }

            if (!grow && found.SizeBytes is long now && bytes < now)
            {
                throw KvmPveException.Invalid("PveDiskShrink",
                    $"{disk} of {vm} is {found.Size}; {size} would shrink it, which PVE cannot do. Give a larger -Size, or -Grow to add space.");
            }

            if (!grow && found.SizeBytes is long same && bytes == same)
            {
                throw KvmPveException.Invalid("PveDiskSameSize", $"{disk} of {vm} is {found.Size} already.");
            }

            var pairs = new List<KeyValuePair<string, string>> { Pair("disk", disk), Pair("size", (grow ? "+" : string.Empty) + size) };
            AddIf(pairs, "digest", config.Digest);
            return await TaskOrDoneAsync(HttpMethod.Put, GuestPath(vm.Node, vm.Type, vm.VmId) + "/resize", pairs, "resize", vm, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Moves a disk to another storage (qemu move_disk, lxc move_volume), or reassigns it to another guest.</summary>
        internal async Task<PveTask> MoveDiskAsync(PveVm vm, string disk, PveDiskMove move, CancellationToken cancellationToken)
        {
            if (move.Storage == null && move.TargetVmId == null)
            {
                throw KvmPveException.Invalid("PveDiskMoveTarget", "Give -Storage to move the disk to another storage, or -TargetVmId to give it to another guest.");
            }

            if (move.Storage != null)
            {
                PveNames.CheckStorage(move.Storage);
            }

            if (move.TargetVmId is int target)
            {
                CheckIds(new[] { target });
            }

            if (move.Format != null && vm.Type == PveGuestType.Lxc)
            {
                throw KvmPveException.Invalid("PveDiskFormatNotSupported", $"{vm} is a container: its volumes have no format to choose. Leave out -Format.");
            }

            (PveVmDisk found, PveVmConfig config) = await DiskAsync(vm, disk, cancellationToken).ConfigureAwait(false);
            if (move.Storage != null && found.Storage == move.Storage && move.Format == null)
            {
                throw KvmPveException.Invalid("PveDiskAlreadyThere", $"{disk} of {vm} is on {move.Storage} already.");
            }

            bool lxc = vm.Type == PveGuestType.Lxc;
            var pairs = new List<KeyValuePair<string, string>> { Pair(lxc ? "volume" : "disk", disk) };
            AddIf(pairs, "storage", move.Storage);
            AddIf(pairs, "format", move.Format);
            AddIf(pairs, "delete", move.DeleteSource ? "1" : null);
            AddIf(pairs, "target-vmid", move.TargetVmId?.ToString(CultureInfo.InvariantCulture));
            AddIf(pairs, lxc ? "target-volume" : "target-disk", move.TargetDisk);
            AddIf(pairs, "digest", config.Digest);
            return await StartTaskAsync(HttpMethod.Post, GuestPath(vm.Node, vm.Type, vm.VmId) + (lxc ? "/move_volume" : "/move_disk"), pairs, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>
        /// A new disk's value, storage:N (GiB, rounded up) or storage:0,import-from=…, with its options; the storage name and
        /// exactly one of size and image are checked here, so Add-PveVmDisk can refuse bad input before any guest is read.
        /// </summary>
        internal static string DiskAllocation(string storage, string? size, string? importFrom, IReadOnlyDictionary<string, string>? options)
        {
            PveNames.CheckStorage(storage);
            if ((size == null) == (importFrom == null))
            {
                throw KvmPveException.Invalid("PveDiskSource", "Give -Size for a new empty disk, or -ImportFrom for a disk made from an image; one of them.");
            }

            string allocation = storage + ":";
            if (size != null)
            {
                long bytes = CheckSize(size, "-Size");
                // PVE allocates storage:N in GiB; a size that is not whole GiB is rounded up.
                allocation += ((bytes + (1L << 30) - 1) >> 30).ToString(CultureInfo.InvariantCulture);
            }
            else
            {
                allocation += "0,import-from=" + importFrom;
            }

            return options == null ? allocation : allocation + string.Concat(options.Select(o => "," + o.Key + "=" + o.Value));
        }

        /// <summary>
        /// Adds a disk: a new volume of <paramref name="size"/> on a storage (storage:size in GiB, as PVE allocates), or
        /// one imported from a volume (import-from: a disk image or another guest's disk). A taken key is refused first.
        /// </summary>
        internal async Task<PveTask> AddDiskAsync(PveVm vm, string disk, string storage, string? size, string? importFrom, IReadOnlyDictionary<string, string>? options, CancellationToken cancellationToken)
        {
            string allocation = DiskAllocation(storage, size, importFrom, options);
            IReadOnlyCollection<string> schema = vm.Type == PveGuestType.Lxc ? PveConfigKeys.LxcConfig : Pve.PveConfigKeys.QemuConfig;
            PveKeyCheck.Check(new[] { disk }, schema, vm.Type == PveGuestType.Lxc ? "a container's configuration" : "a VM's configuration", "-Disk");
            PveVmConfig config = await GetConfigAsync(vm, false, cancellationToken).ConfigureAwait(false);
            if (config.Keys.ContainsKey(disk))
            {
                throw new KvmPveException(ErrorKind.ResourceExists, "PveDiskExists", $"{vm} has a {disk} already ({config.Keys[disk]}). Choose a free key, such as {FreeKey(config, disk)}.");
            }

            var pairs = new List<KeyValuePair<string, string>> { Pair(disk, allocation) };
            AddIf(pairs, "digest", config.Digest);
            // A VM's config POST runs as a task (an import can take long); a container's config is a PUT.
            return vm.Type == PveGuestType.Lxc
                ? await TaskOrDoneAsync(HttpMethod.Put, GuestPath(vm.Node, vm.Type, vm.VmId) + "/config", pairs, "config", vm, cancellationToken).ConfigureAwait(false)
                : await TaskOrDoneAsync(HttpMethod.Post, GuestPath(vm.Node, vm.Type, vm.VmId) + "/config", pairs, "qmconfig", vm, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>
        /// Detaches a disk (it becomes unusedN, its data kept), or with <paramref name="destroy"/> destroys its volume too
        /// (an unusedN key is destroyed either way). Checked against the guest's disks first.
        /// </summary>
        internal async Task RemoveDiskAsync(PveVm vm, string disk, bool destroy, CancellationToken cancellationToken)
        {
            (PveVmDisk found, PveVmConfig config) = await DiskAsync(vm, disk, cancellationToken).ConfigureAwait(false);
            if (found.Key == "rootfs")
            {
                throw KvmPveException.Invalid("PveDiskIsRoot", $"rootfs is {vm}'s root file system; it cannot be detached.");
            }

            await PutConfigAsync(vm, new[] { Pair("delete", disk), Pair("digest", config.Digest ?? string.Empty) }.Where(p => p.Value.Length > 0).ToList(), cancellationToken).ConfigureAwait(false);
            if (!destroy || found.Key.StartsWith("unused", StringComparison.Ordinal) || found.Media == "cdrom")
            {
                return;
            }

            // Detached, the volume is an unusedN key now: deleting that key destroys the volume.
            PveVmConfig after = await GetConfigAsync(vm, false, cancellationToken).ConfigureAwait(false);
            PveVmDisk? unused = after.Disks.FirstOrDefault(d => d.Key.StartsWith("unused", StringComparison.Ordinal) && d.Volume == found.Volume);
            if (unused != null)
            {
                await PutConfigAsync(vm, new[] { Pair("delete", unused.Key), Pair("digest", after.Digest ?? string.Empty) }.Where(p => p.Value.Length > 0).ToList(), cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>Makes a stopped guest a template (qemu: a task; lxc: at once). A running guest is refused first.</summary>
        internal async Task<PveTask> ConvertToTemplateAsync(PveVm vm, CancellationToken cancellationToken)
        {
            PveVm now = (await GetVmsAsync(new PveVmQuery { VmId = new[] { vm.VmId } }, _ => { }, cancellationToken).ConfigureAwait(false)).FirstOrDefault()
                ?? throw NotFound("PveVmNotFound", $"There is no guest with VMID {vm.VmId} in the cluster (any more).");
            if (now.Template)
            {
                throw KvmPveException.Invalid("PveAlreadyTemplate", $"{now} is a template already.");
            }

            if (now.Status != "stopped")
            {
                throw new KvmPveException(ErrorKind.InvalidOperation, "PveVmRunning", $"{now} is {now.Status}: PVE makes only stopped guests templates. Stop it first (Stop-PveVm -Wait).");
            }

            return await TaskOrDoneAsync(HttpMethod.Post, GuestPath(now.Node, now.Type, now.VmId) + "/template", new List<KeyValuePair<string, string>>(), "template", now, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>A request that answers a task, or null where PVE does it at once (then a task that has ended OK).</summary>
        private async Task<PveTask> TaskOrDoneAsync(HttpMethod method, string path, IReadOnlyList<KeyValuePair<string, string>> pairs, string type, PveVm vm, CancellationToken cancellationToken)
        {
            EnsureOpen();
            JsonElement data = await Client.RequestAsync(method, path, pairs, cancellationToken).ConfigureAwait(false);
            return data.ValueKind == JsonValueKind.String
                ? PveTask.FromUpid(Upid.Parse(data.GetString()), this)
                : PveTask.Done($"{type}:{vm.Node}:{vm.VmId}", type, vm, this);
        }

        private static string FreeKey(PveVmConfig config, string disk)
        {
            string prefix = Regex.Match(disk, "^[a-z]+").Value;
            return Enumerable.Range(0, 31).Select(i => prefix + i.ToString(CultureInfo.InvariantCulture)).FirstOrDefault(k => !config.Keys.ContainsKey(k)) ?? prefix + "?";
        }
    }
}
