using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using KvmPve.Base;
using KvmPve.Errors;

namespace KvmPve.Commands.Pve
{
    /// <summary>
    /// A restore drill: each guest's newest archive (or -VolId) restored as a new guest with new MACs and every network
    /// link down, started and its agent asked with -Boot, timed, then removed unless -Keep. Guests drill side by side
    /// (-ThrottleLimit); each result is written as it ends. The original guests are never touched.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "PveBackupRestore", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = NameSet)]
    [OutputType(typeof(PveRestoreDrill))]
    public sealed class TestPveBackupRestoreCommand : PveNamedGuestCmdlet
    {
        private readonly List<PveVm> _guests = new List<PveVm>();
        private PveSession? _session;

        /// <summary>The archive to restore (one guest); the newest of each guest by default.</summary>
        [Parameter]
        public string? VolId { get; set; }

        [Parameter]
        public string? Storage { get; set; }

        [Parameter]
        public SwitchParameter Boot { get; set; }

        /// <summary>Leave the restored guests there (their links down) instead of removing them.</summary>
        [Parameter]
        public SwitchParameter Keep { get; set; }

        [Parameter]
        [ValidateRange(1, 64)]
        public int ThrottleLimit { get; set; } = 4;

        /// <summary>How long each restore, and each start, may take.</summary>
        [Parameter]
        [ValidateRange(1, 604800)]
        public int TimeoutSec { get; set; } = 3600;

        /// <summary>With -Boot: how long a VM's guest agent has to answer.</summary>
        [Parameter]
        [ValidateRange(1, 86400)]
        public int AgentTimeoutSec { get; set; } = 300;

        protected override void ProcessRecord()
        {
            _session ??= ResolveSession();
            foreach (PveVm vm in Guests(_session))
            {
                if (ShouldProcessGuest(vm, $"Restore {(VolId ?? "its newest archive")} as a new guest (links down){(Boot ? ", start it" : string.Empty)}{(Keep ? string.Empty : ", then remove it")}"))
                {
                    _guests.Add(vm);
                }
            }
        }

        protected override void EndProcessing()
        {
            if (_session == null || _guests.Count == 0)
            {
                return;
            }

            if (VolId != null && _guests.Count > 1)
            {
                ThrowTerminatingError(KvmPveException.Invalid("PveVolIdForOneGuest", $"-VolId names one archive; {_guests.Count} guests were given. Leave it out to drill each guest's newest archive."), VolId);
            }

            PveSession session = _session;
            var options = new PveDrillOptions
            {
                VolId = VolId, Storage = Storage, Boot = Boot, Keep = Keep, Timeout = TimeSpan.FromSeconds(TimeoutSec), AgentTimeout = TimeSpan.FromSeconds(AgentTimeoutSec),
            };
            Run(async token =>
            {
                using (var slots = new SemaphoreSlim(ThrottleLimit))
                {
                    await Task.WhenAll(_guests.Select(async vm =>
                    {
                        await slots.WaitAsync(token).ConfigureAwait(false);
                        try
                        {
                            PveRestoreDrill drill = await session.RestoreDrillAsync(vm, options, token).ConfigureAwait(false);
                            Emit(drill);
                        }
                        catch (KvmPveException ex)
                        {
                            Post(() => WriteError(ex, vm));
                        }
                        finally
                        {
                            slots.Release();
                        }
                    })).ConfigureAwait(false);
                }
            });
        }
    }
}
