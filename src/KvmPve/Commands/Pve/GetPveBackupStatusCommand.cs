using System;
using System.Linq;
using System.Management.Automation;
using KvmPve.Base;
using KvmPve.Errors;

namespace KvmPve.Commands.Pve
{
    /// <summary>
    /// Which guests are backed up: each guest's newest archive, its age, storage and verification, and whether a
    /// backup job covers it. -MaxAge marks guests whose newest archive is older (or missing); -Stale writes only those.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "PveBackupStatus")]
    [OutputType(typeof(PveBackupStatus))]
    public sealed class GetPveBackupStatusCommand : PveCmdlet
    {
        /// <summary>The guests by name (wildcards); every guest of the cluster when neither this nor -VmId is given.</summary>
        [Parameter(Position = 0)]
        [SupportsWildcards]
        public string[]? Name { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateRange(100, 999999999)]
        public int[]? VmId { get; set; }

        [Parameter]
        public TimeSpan? MaxAge { get; set; }

        /// <summary>Only the guests -MaxAge marks.</summary>
        [Parameter]
        public SwitchParameter Stale { get; set; }

        protected override void BeginProcessing()
        {
            if (Stale && MaxAge == null)
            {
                ThrowTerminatingError(KvmPveException.Invalid("PveStaleWithoutMaxAge", "-Stale writes the guests whose newest archive is older than -MaxAge: give -MaxAge, such as (New-TimeSpan -Days 1)."), null);
            }

            if (MaxAge is TimeSpan max && max <= TimeSpan.Zero)
            {
                ThrowTerminatingError(KvmPveException.Invalid("PveInvalidMaxAge", $"-MaxAge {max} is not a positive time span."), max);
            }
        }

        protected override void ProcessRecord()
        {
            PveSession session = ResolveSession();
            // Neither names nor ids: every guest of the cluster.
            var guests = Name == null && VmId == null
                ? Run(token => session.GetVmsAsync(new PveVmQuery(), _ => { }, token))
                : ResolveGuests(session, VmId, Name, null, null) ?? Array.Empty<PveVm>();
            try
            {
                WriteObject(Run(token => session.GetBackupStatusAsync(guests, MaxAge, token)).Where(s => !Stale || s.Stale), true);
            }
            catch (KvmPveException ex)
            {
                WriteError(ex, guests);
            }
        }
    }
}
