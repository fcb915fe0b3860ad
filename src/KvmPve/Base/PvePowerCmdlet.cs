using System;
using System.Management.Automation;

namespace KvmPve.Base
{
    /// <summary>
    /// Start-, Stop-, Restart-, Suspend- and Resume-PveVm: guests from the pipeline (VmId, Node, Type, Session by
    /// property name) or by -VmId / -Name; every target resolved and checked before the first request that changes
    /// anything; ShouldProcess per guest; the started task out, or with -Wait the finished one. With -Wait each task
    /// starts as its guest arrives (at most -ThrottleLimit running at once) and all are waited for together, each
    /// written as it finishes: the wait takes as long as the longest task, not their sum.
    /// </summary>
    public abstract class PvePowerCmdlet : PveGuestCmdlet
    {
        protected const string NameSet = "Name";

        [Parameter(Mandatory = true, ParameterSetName = NameSet, Position = 0)]
        [SupportsWildcards]
        public string[] Name { get; set; } = Array.Empty<string>();

        [Parameter]
        public SwitchParameter Wait { get; set; }

        /// <summary>With -Wait: how many of the tasks may run at once (a cluster should not get 200 starts at the same moment).</summary>
        [Parameter]
        [ValidateRange(1, 256)]
        public int ThrottleLimit { get; set; } = 8;

        private TaskStarter? _tasks;

        /// <summary>What this cmdlet asks for; options for the one that needs them.</summary>
        protected abstract PvePowerAction Action { get; }

        protected virtual PvePowerOptions? Options => null;

        /// <summary>The words for -WhatIf and -Confirm, for example "Shut down (graceful)".</summary>
        protected abstract string Description { get; }

        protected override void BeginProcessing() => _tasks = new TaskStarter(this, Wait, ThrottleLimit, $"{Description}: waiting for the tasks");

        protected override void EndProcessing() => _tasks!.Finish();

        protected override void ProcessRecord()
        {
            PveSession session = ResolveSession();
            foreach (PveVm vm in Guests(session, Name, vm => PveSession.CheckPower(vm, Action, Options)))
            {
                if (ShouldProcess(GuestLabel(vm), Description))
                {
                    Act(session, vm);
                }
            }
        }

        private void Act(PveSession session, PveVm vm) =>
            _tasks!.Start(vm, token => session.ChangePowerAsync(vm, Action, Options, token), settled: (task, token) => session.PowerSettledAsync(vm, Action, task, token));
    }
}
