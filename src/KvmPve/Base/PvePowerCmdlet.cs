using System;
using System.Collections.Generic;
using System.Management.Automation;
using KvmPve.Errors;

namespace KvmPve.Base
{
    /// <summary>
    /// Start-, Stop-, Restart-, Suspend- and Resume-PveVm: guests from the pipeline (VmId, Node, Type, Session by
    /// property name) or by -VmId / -Name; every target resolved and checked before the first request that changes
    /// anything; ShouldProcess per guest; the started task out, or with -Wait the finished one. With -Wait each task
    /// starts as its guest arrives (at most -ThrottleLimit running at once) and all are waited for together, each
    /// written as it finishes: the wait takes as long as the longest task, not their sum.
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

        /// <summary>With -Wait: how many of the tasks may run at once (a cluster should not get 200 starts at the same moment).</summary>
        [Parameter]
        [ValidateRange(1, 256)]
        public int ThrottleLimit { get; set; } = 8;

        private PveTaskBatch? _batch;
        private BatchProgress? _progress;

        /// <summary>What this cmdlet asks for; options for the one that needs them.</summary>
        protected abstract PvePowerAction Action { get; }

        protected virtual PvePowerOptions? Options => null;

        /// <summary>The words for -WhatIf and -Confirm, for example "Shut down (graceful)".</summary>
        protected abstract string Description { get; }

        protected override void BeginProcessing()
        {
            if (Wait)
            {
                _batch = new PveTaskBatch(ThrottleLimit);
                _progress = new BatchProgress(this, $"{Description}: waiting for the tasks");
            }
        }

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

        /// <summary>With -Wait: waits for every task still running, writing each as it ends.</summary>
        protected override void EndProcessing()
        {
            if (_batch == null)
            {
                return;
            }

            try
            {
                Run(token => _batch.PumpUntilAsync(_batch.WhenAllAsync(token), e => Post(() => _progress!.Report(e)), token));
            }
            finally
            {
                _progress!.Close();
            }
        }

        private void Act(PveSession session, PveVm vm)
        {
            try
            {
                if (_batch != null)
                {
                    // Returns once the task is started (after a free slot); meanwhile the others' events are written.
                    Run(token => _batch.PumpUntilAsync(_batch.StartAsync(vm, t => session.ChangePowerAsync(vm, Action, Options, t), token), e => Post(() => _progress!.Report(e)), token));
                    return;
                }

                WriteObject(Run(token => session.ChangePowerAsync(vm, Action, Options, token)));
            }
            catch (KvmPveException ex)
            {
                WriteError(ex, vm);
            }
        }
    }
}
