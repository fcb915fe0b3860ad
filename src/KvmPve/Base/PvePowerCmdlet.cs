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
    public abstract class PvePowerCmdlet : PveGuestTaskCmdlet
    {
        /// <summary>What this cmdlet asks for; options for the one that needs them.</summary>
        protected abstract PvePowerAction Action { get; }

        protected virtual PvePowerOptions? Options => null;

        /// <summary>The words for -WhatIf and -Confirm, for example "Shut down (graceful)".</summary>
        protected abstract string Description { get; }

        protected override string Activity => $"{Description}: waiting for the tasks";

        protected override void ProcessRecord()
        {
            PveSession session = ResolveSession();
            foreach (PveVm vm in Guests(session, vm => PveSession.CheckPower(vm, Action, Options)))
            {
                if (ShouldProcessGuest(vm, Description))
                {
                    StartTask(vm, token => session.ChangePowerAsync(vm, Action, Options, token), outcome: (task, token) => session.PowerOutcomeAsync(vm, Action, task, token));
                }
            }
        }
    }
}
