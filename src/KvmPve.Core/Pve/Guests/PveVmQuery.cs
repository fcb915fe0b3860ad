using System.Collections.Generic;

namespace KvmPve
{
    /// <summary>Which guests Get-PveVm (and the lifecycle cmdlets' -Name / -VmId) mean.</summary>
    public sealed class PveVmQuery
    {
        /// <summary>Names, wildcards allowed.</summary>
        public IReadOnlyList<string>? Name { get; set; }

        public IReadOnlyList<int>? VmId { get; set; }

        public IReadOnlyList<string>? Node { get; set; }

        public PveGuestType? Type { get; set; }

        public IReadOnlyList<string>? Status { get; set; }

        /// <summary>Guests with any of these tags (wildcards allowed).</summary>
        public IReadOnlyList<string>? Tag { get; set; }
    }
}
