using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using KvmPve.Base;
using KvmPve.Errors;

namespace KvmPve.Commands.Pve
{
    /// <summary>Lists backup archives, newest first: of the guests piped in or named, or of every guest.</summary>
    [Cmdlet(VerbsCommon.Get, "PveBackup", DefaultParameterSetName = AllSet)]
    [OutputType(typeof(PveStorageItem))]
    public sealed class GetPveBackupCommand : PveVmNameCmdlet
    {
        private const string AllSet = "All";

        /// <summary>Only this storage (default: every storage that holds backups).</summary>
        [Parameter]
        public string? Storage { get; set; }

        protected override void ProcessRecord()
        {
            PveSession session = ResolveSession();
            int[]? ids = null;
            if (ParameterSetName != AllSet)
            {
                IReadOnlyList<PveVm> guests = Guests(session);
                if (guests.Count == 0)
                {
                    return;
                }

                ids = guests.Select(g => g.VmId).ToArray();
            }

            try
            {
                WriteObject(Run(token => session.GetBackupsAsync(ids, Storage, token)), true);
            }
            catch (KvmPveException ex)
            {
                WriteError(ex, Storage);
            }
        }
    }
}
