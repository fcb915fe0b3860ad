using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using KvmPve.Base;
using KvmPve.Errors;

namespace KvmPve.Commands.Pve
{
    /// <summary>
    /// Removes guests (from the pipeline or -VmId) and storages from a resource pool, in one request
    /// for everything piped in.
    /// </summary>
    [Cmdlet(VerbsCommon.Remove, "PvePoolMember", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(void))]
    public sealed class RemovePvePoolMemberCommand : PveCmdlet
    {
        private readonly List<int> _vmIds = new List<int>();
        private readonly List<string> _storages = new List<string>();
        private PveSession? _session;

        [Parameter(Mandatory = true, Position = 0)]
        public string Pool { get; set; } = string.Empty;

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateRange(100, 999999999)]
        public int[]? VmId { get; set; }

        [Parameter]
        public string[]? Storage { get; set; }


        protected override void ProcessRecord()
        {
            _session ??= ResolveSession();
            _vmIds.AddRange(VmId ?? Array.Empty<int>());
            _storages.AddRange(Storage ?? Array.Empty<string>());
        }

        protected override void EndProcessing()
        {
            if (_session == null)
            {
                return;
            }

            PveSession session = _session;
            int[] ids = _vmIds.Distinct().ToArray();
            string[] storages = _storages.Distinct().ToArray();
            CheckFirst(() => PveSession.CheckPool(Pool), Pool);
            string members = string.Join(", ", ids.Select(i => "guest " + i).Concat(storages.Select(s => "storage " + s)));
            if (!ShouldProcess($"pool {Pool}", $"Remove {members}"))
            {
                return;
            }

            try
            {
                Run(token => session.ChangePoolMembersAsync(Pool, ids, storages, remove: true, allowMove: false, token));
            }
            catch (KvmPveException ex)
            {
                WriteError(ex, Pool);
            }
        }
    }
}
