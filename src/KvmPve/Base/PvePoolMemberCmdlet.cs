using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using KvmPve.Errors;

namespace KvmPve.Base
{
    /// <summary>Add- and Remove-PvePoolMember: guests (from the pipeline or -VmId) and storages gathered, then one request for all.</summary>
    public abstract class PvePoolMemberCmdlet : PveCmdlet
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

        /// <summary>Whether the members leave the pool (PUT /pools with delete=1).</summary>
        protected abstract bool Removes { get; }

        /// <summary>Whether a guest in another pool is moved (PVE's allow-move).</summary>
        protected virtual bool AllowMove => false;

        protected override void BeginProcessing() => CheckFirst(() => PveSession.CheckPool(Pool), Pool);

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
            string members = string.Join(", ", ids.Select(i => "guest " + i).Concat(storages.Select(s => "storage " + s)));
            if (!ShouldProcess($"pool {Pool}", $"{(Removes ? "Remove" : "Add")} {members}"))
            {
                return;
            }

            try
            {
                Run(token => session.ChangePoolMembersAsync(Pool, ids, storages, Removes, AllowMove, token));
            }
            catch (KvmPveException ex)
            {
                WriteError(ex, Pool);
            }
        }
    }
}
