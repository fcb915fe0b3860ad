using System.Management.Automation;
using KvmPve.Base;

namespace KvmPve.Commands.Pve
{
    /// <summary>Removes guests (from the pipeline or -VmId) and storages from a resource pool, in one request for everything piped in.</summary>
    [Cmdlet(VerbsCommon.Remove, "PvePoolMember", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(void))]
    public sealed class RemovePvePoolMemberCommand : PvePoolMemberCmdlet
    {
        protected override bool Removes => true;
    }
}
