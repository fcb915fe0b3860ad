using System.Management.Automation;
using KvmPve.Base;
using KvmPve.Errors;

namespace KvmPve.Commands.PiKvm
{
    /// <summary>Presses an ATX button (power, long power, reset) whatever the machine's state.</summary>
    [Cmdlet(VerbsLifecycle.Invoke, "PiKvmAtxButton", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(PiKvmAtxState))]
    public sealed class InvokePiKvmAtxButtonCommand : PiKvmCmdlet
    {
        [Parameter(Mandatory = true, Position = 0)]
        public PiKvmAtxButton Button { get; set; }

        [Parameter]
        public SwitchParameter Wait { get; set; }

        protected override void ProcessRecord()
        {
            PiKvmSession session = ResolveSession();
            if (!ShouldProcess($"the machine behind {session.Server}", $"Press the ATX {Button} button"))
            {
                return;
            }

            try
            {
                Run(token => session.AtxClickAsync(Button, Wait, token));
                WriteObject(Run(token => session.GetAtxAsync(token)));
            }
            catch (KvmPveException ex)
            {
                WriteError(ex, Button);
            }
        }
    }
}
