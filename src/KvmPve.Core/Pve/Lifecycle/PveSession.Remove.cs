using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using KvmPve.Errors;

namespace KvmPve
{
    /// <summary>How Remove-PveVm destroys a guest.</summary>
    public sealed class PveRemoveOptions
    {
        /// <summary>Also remove the guest from backup and replication jobs, HA and ACLs (PVE's purge).</summary>
        public bool Purge { get; set; }

        /// <summary>Also destroy disks with the guest's VMID that its configuration does not reference.</summary>
        public bool DestroyUnreferencedDisks { get; set; }

        /// <summary>Stop a running guest first (and wait for it) instead of refusing.</summary>
        public bool Force { get; set; }

        /// <summary>With <see cref="Force"/>: how long the stop may take before an OperationTimeout error (nothing is removed then).</summary>
        public TimeSpan StopTimeout { get; set; } = PveTaskBatch.DefaultTimeout;
    }

    public sealed partial class PveSession
    {
        /// <summary>
        /// Destroys a guest and returns PVE's destroy task. Checked first, against the guest's state now rather than
        /// what was piped in: a running guest is refused unless <see cref="PveRemoveOptions.Force"/> (then it is stopped
        /// and that stop waited for), and an HA-managed one unless purged (PVE refuses it then, after a stop).
        /// </summary>
        internal async Task<PveTask> RemoveVmAsync(PveVm vm, PveRemoveOptions options, CancellationToken cancellationToken)
        {
            PveVm now = (await GetVmsAsync(new PveVmQuery { VmId = new[] { vm.VmId } }, _ => { }, cancellationToken).ConfigureAwait(false)).FirstOrDefault()
                ?? throw NotFound("PveVmNotFound", $"There is no guest with VMID {vm.VmId} in the cluster (any more).");
            if (now.HaState != null && !options.Purge)
            {
                throw new KvmPveException(ErrorKind.InvalidOperation, "PveVmHaManaged",
                    $"{now} is HA-managed: PVE removes it only together with its HA resource. Pass -Purge, or remove the HA resource first.");
            }

            if (now.Status != "stopped")
            {
                if (!options.Force)
                {
                    throw new KvmPveException(ErrorKind.InvalidOperation, "PveVmRunning",
                        $"{now} is {now.Status}: stop it first (Stop-PveVm -Wait), or pass -Force to stop it and then remove it.");
                }

                DateTimeOffset until = Client.Clock.UtcNow + options.StopTimeout;
                PveTask stop = await ChangePowerAsync(now, PvePowerAction.Stop, null, cancellationToken).ConfigureAwait(false);
                stop = await WaitTaskAsync(stop.Upid, options.StopTimeout, null, cancellationToken).ConfigureAwait(false);
                await UntilOutcomeAsync(ct => PowerOutcomeAsync(now, PvePowerAction.Stop, stop, ct), until,
                    notYet => $"Stopped {now} to remove it, but after {options.StopTimeout.TotalSeconds} s {notYet.Awaited} has not happened; last seen: {notYet.Seen}. Nothing was removed.",
                    cancellationToken).ConfigureAwait(false);
            }

            var pairs = new List<KeyValuePair<string, string>>();
            if (options.Purge)
            {
                pairs.Add(Pair("purge", "1"));
            }

            if (options.DestroyUnreferencedDisks)
            {
                pairs.Add(Pair("destroy-unreferenced-disks", "1"));
            }

            return await StartTaskAsync(HttpMethod.Delete, GuestPath(now.Node, now.Type, now.VmId), pairs, cancellationToken).ConfigureAwait(false);
        }
    }
}
