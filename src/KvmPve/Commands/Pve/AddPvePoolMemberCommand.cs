using System.Management.Automation;
using KvmPve.Base;

namespace KvmPve.Commands.Pve
{
    /// <summary>Adds guests (from the pipeline or -VmId) and storages to a resource pool, in one request for everything piped in.</summary>
    [Cmdlet(VerbsCommon.Add, "PvePoolMember", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(void))]
    public sealed class AddPvePoolMemberCommand : PvePoolMemberCmdlet
    {
        /// <summary>Move a guest that is in another pool (PVE's allow-move); without it PVE refuses such a guest.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override bool Removes => false;

        protected override bool AllowMove => Force;
    }
}
