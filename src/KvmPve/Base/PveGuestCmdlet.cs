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

        /// <summary>PVE's names and values of this call's parameters that the permission check reads (snapname, newid, pool, target).</summary>
        protected virtual System.Collections.Generic.IReadOnlyDictionary<string, string> RequestParameters => new System.Collections.Generic.Dictionary<string, string>();

        /// <summary>
        /// ShouldProcess for a guest. With -WhatIf it also says whether PVE would allow the request, by the same check
        /// the preflight makes before a real call (a warning when it would be refused).
        /// </summary>
        protected bool ShouldProcessGuest(PveVm vm, string action)
        {
            if (ShouldProcess(GuestLabel(vm), action))
            {
                return true;
            }

            if (vm.Session != null && (MyInvocation.BoundParameters.TryGetValue("WhatIf", out object? whatIf) ? ((SwitchParameter)whatIf).IsPresent : (bool)GetVariableValue("WhatIfPreference", false)))
            {
                try
                {
                    PvePermissionTest test = Run(token => vm.Session.TestCommandAsync(MyInvocation.MyCommand.Name, vm, RequestParameters, token));
                    if (test.Allowed)
                    {
                        WriteVerbose($"{GuestLabel(vm)}: {vm.Session.UserName} may do this ({(test.Evaluated ? "PVE's check passes" : "PVE decides; its check is not evaluated here")}).");
                    }
                    else
                    {
                        WriteWarning($"{GuestLabel(vm)}: PVE would refuse this. {vm.Session.PermissionDenied(test).Message.Replace("; nothing was sent", string.Empty)}");
                    }
                }
                catch (Errors.KvmPveException ex)
                {
                    WriteVerbose($"{GuestLabel(vm)}: the permission could not be checked ({ex.Message}).");
                }
            }

            return false;
        }

        /// <summary>The guests of this input, by -VmId or by <paramref name="names"/>, each checked first; none when any is refused (the error written).</summary>
        protected System.Collections.Generic.IReadOnlyList<PveVm> Guests(PveSession session, string[]? names, Action<PveVm>? check = null) =>
            ResolveGuests(session, ParameterSetName == VmIdSet ? VmId : null, ParameterSetName == VmIdSet ? null : names, Node, Type, check) ?? Array.Empty<PveVm>();
    }
}
