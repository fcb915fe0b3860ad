using System.Management.Automation;
using KvmPve.Base;

namespace KvmPve.Commands.PiKvm
{
    /// <summary>Presses an ATX button (power, long power, reset) whatever the machine's state.</summary>
    [Cmdlet(VerbsLifecycle.Invoke, "PiKvmAtxButton", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(PiKvmAtxState))]
    public sealed class InvokePiKvmAtxButtonCommand : PiKvmAtxCmdlet
    {
        [Parameter(Mandatory = true, Position = 0)]
        public PiKvmAtxButton Button { get; set; }

        [Parameter]
        public SwitchParameter Wait { get; set; }

        protected override void ProcessRecord() =>
            OnEachDevice(
                session => KnownPort(session) && ShouldProcess(Machine(session), $"Press the ATX {Button} button"),
                async (session, token) =>
                {
                    await (PortOf(session) is PiKvmSwitchPort port
                        ? session.SwitchAtxClickAsync(port, Button, Wait, token)
                        : session.AtxClickAsync(Button, Wait, token)).ConfigureAwait(false);
                    return await StateAfterAsync(session, token).ConfigureAwait(false);
                },
                Button);
    }
}
