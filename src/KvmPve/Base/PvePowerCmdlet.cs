using System;
using System.Collections.Generic;
using System.Management.Automation;
using KvmPve.Errors;

namespace KvmPve.Base
{
    /// <summary>
    /// Start-, Stop-, Restart-, Suspend- and Resume-PveVm: guests from the pipeline (VmId, Node, Type, Session by
    /// property name) or by -VmId / -Name; every target resolved and checked before the first request that changes
    /// anything; ShouldProcess per guest; the started task out, or with -Wait the finished one.
    /// </summary>
    public abstract class PvePowerCmdlet : PveCmdlet
    {
        protected const string VmIdSet = "VmId";
        protected const string NameSet = "Name";

        [Parameter(Mandatory = true, ParameterSetName = VmIdSet, ValueFromPipelineByPropertyName = true)]
        [ValidateRange(100, 999999999)]
        public int[] VmId { get; set; } = Array.Empty<int>();

        [Parameter(ParameterSetName = VmIdSet, ValueFromPipelineByPropertyName = true)]
        public string? Node { get; set; }

        [Parameter(ParameterSetName = VmIdSet, ValueFromPipelineByPropertyName = true)]
        public PveGuestType? Type { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = NameSet, Position = 0)]
        [SupportsWildcards]
        public string[] Name { get; set; } = Array.Empty<string>();

        [Parameter]
        public SwitchParameter Wait { get; set; }

        /// <summary>What this cmdlet asks for; options for the one that needs them.</summary>
        protected abstract PvePowerAction Action { get; }

        protected virtual PvePowerOptions? Options => null;

        /// <summary>The words for -WhatIf and -Confirm, for example "Shut down (graceful)".</summary>
        protected abstract string Description { get; }

        protected override void ProcessRecord()
        {
            PveSession session = ResolveSession();
            IReadOnlyList<PveVm> targets;
            try
            {
                targets = Run(token => session.ResolveTargetsAsync(
                    ParameterSetName == VmIdSet ? VmId : null, ParameterSetName == NameSet ? Name : null, Node, Type,
                    e => Post(() => WriteError(e, ParameterSetName == NameSet ? (object)Name : VmId)), token));
                foreach (PveVm vm in targets)
                {
                    PveSession.CheckPower(vm, Action, Options);
                }
            }
            catch (KvmPveException ex)
            {
                WriteError(ex, ParameterSetName == NameSet ? (object)Name : VmId);
                return;
            }

            foreach (PveVm vm in targets)
            {
                string label = vm.Name == null ? $"{vm.VmId} on {vm.Node}" : $"{vm.Name} ({vm.VmId} on {vm.Node})";
                if (ShouldProcess(label, Description))
                {
                    Act(session, vm);
                }
            }
        }

        private void Act(PveSession session, PveVm vm)
        {
            try
            {
                PveTask task = Run(token => session.ChangePowerAsync(vm, Action, Options, token));
                WriteObject(Wait ? WaitForTask(session, task, null) : task);
            }
            catch (PveTaskFailedException ex)
            {
                WriteError(ex, ex.Task);
            }
            catch (KvmPveException ex)
            {
                WriteError(ex, vm);
            }
        }
    }
}
