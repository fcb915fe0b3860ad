using System;
using System.Management.Automation;

namespace KvmPve.Base
{
    /// <summary>
    /// A cmdlet that acts on guests named by VMID: -VmId with -Node and -Type, all bound by property name from a guest
    /// (or anything with those properties) piped in. Each subclass adds its own by-name parameter set.
    /// </summary>
    public abstract class PveGuestCmdlet : PveCmdlet
    {
        protected const string VmIdSet = "VmId";

        [Parameter(Mandatory = true, ParameterSetName = VmIdSet, ValueFromPipelineByPropertyName = true)]
        [ValidateRange(100, 999999999)]
        public int[] VmId { get; set; } = Array.Empty<int>();

        [Parameter(ParameterSetName = VmIdSet, ValueFromPipelineByPropertyName = true)]
        public string? Node { get; set; }

        [Parameter(ParameterSetName = VmIdSet, ValueFromPipelineByPropertyName = true)]
        public PveGuestType? Type { get; set; }

        /// <summary>The guests of this input, by -VmId or by <paramref name="names"/>, each checked first; none when any is refused (the error written).</summary>
        protected System.Collections.Generic.IReadOnlyList<PveVm> Guests(PveSession session, string[]? names, Action<PveVm>? check = null) =>
            ResolveGuests(session, ParameterSetName == VmIdSet ? VmId : null, ParameterSetName == VmIdSet ? null : names, Node, Type, check) ?? Array.Empty<PveVm>();
    }
}
