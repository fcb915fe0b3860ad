using System.Management.Automation;
using KvmPve.Base;
using KvmPve.Errors;

namespace KvmPve.Commands.PiKvm
{
    /// <summary>Powers the machine behind the PiKVM on, off (gracefully or hard) or resets it.</summary>
    [Cmdlet(VerbsLifecycle.Invoke, "PiKvmAtxPower", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(PiKvmAtxState))]
    public sealed class InvokePiKvmAtxPowerCommand : PiKvmCmdlet
    {
        [Parameter(Mandatory = true, Position = 0)]
        public PiKvmAtxPowerAction Action { get; set; }

        [Parameter]
        public SwitchParameter Wait { get; set; }

        protected override void ProcessRecord()
        {
            PiKvmSession session = ResolveSession();
            if (!ShouldProcess($"the machine behind {session.Server}", $"ATX power {Action}"))
            {
                return;
            }

            try
            {
                Run(token => session.AtxPowerAsync(Action, Wait, token));
                WriteObject(Run(token => session.GetAtxAsync(token)));
            }
            catch (KvmPveException ex)
            {
                WriteError(ex, Action);
            }
        }
    }
}
