using System.Management.Automation;
using KvmPve.Base;

namespace KvmPve.Commands.PiKvm
{
    /// <summary>Switches a GPIO output on or off.</summary>
    [Cmdlet(VerbsCommon.Set, "PiKvmGpio", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(PiKvmGpioChannel))]
    public sealed class SetPiKvmGpioCommand : PiKvmGpioOutputCmdlet
    {
        [Parameter(Mandatory = true, Position = 1)]
        public bool State { get; set; }

        [Parameter]
        public SwitchParameter Wait { get; set; }

        protected override void ProcessRecord() =>
            OnEachDevice(
                session => KnownOutput(session) && ShouldProcess($"GPIO {Channel} on {session.Server}", State ? "Switch on" : "Switch off"),
                async (session, token) =>
                {
                    await session.SwitchGpioAsync(Channel, State, Wait, token).ConfigureAwait(false);
                    return await session.GetGpioOutputAsync(Channel, token).ConfigureAwait(false);
                },
                Channel);
    }
}
