using System.Management.Automation;
using KvmPve.Base;

namespace KvmPve.Commands.PiKvm
{
    /// <summary>Presses an ATX button (power, long power, reset) whatever the machine's state.</summary>
    [Cmdlet(VerbsLifecycle.Invoke, "PiKvmAtxButton", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(PiKvmAtxState))]
    public sealed class InvokePiKvmAtxButtonCommand : PiKvmFleetCmdlet
    {
        [Parameter(Mandatory = true, Position = 0)]
        public PiKvmAtxButton Button { get; set; }

        [Parameter]
        public SwitchParameter Wait { get; set; }

        protected override void ProcessRecord() =>
            OnEachDevice(
                session => ShouldProcess($"the machine behind {session.Server}", $"Press the ATX {Button} button"),
                async (session, token) =>
                {
                    await session.AtxClickAsync(Button, Wait, token).ConfigureAwait(false);
                    return await session.GetAtxAsync(token).ConfigureAwait(false);
                },
                Button);
    }
}
