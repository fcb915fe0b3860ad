using System.Management.Automation;
using KvmPve.Base;

namespace KvmPve.Commands.PiKvm
{
    /// <summary>Pulses a GPIO output (on, then off after the delay).</summary>
    [Cmdlet(VerbsLifecycle.Invoke, "PiKvmGpioPulse", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(PiKvmGpioChannel))]
    public sealed class InvokePiKvmGpioPulseCommand : PiKvmGpioOutputCmdlet
    {
        [Parameter]
        [ValidateRange(0.0, 3600.0)]
        public double? Delay { get; set; }

        [Parameter]
        public SwitchParameter Wait { get; set; }

        protected override void ProcessRecord() =>
            OnEachDevice(
                session => KnownOutput(session) && ShouldProcess($"GPIO {Channel} on {session.Server}", Delay is double d ? $"Pulse for {d} s" : "Pulse"),
                async (session, token) =>
                {
                    await session.PulseGpioAsync(Channel, Delay, Wait, token).ConfigureAwait(false);
                    return await session.GetGpioOutputAsync(Channel, token).ConfigureAwait(false);
                },
                Channel);
    }
}
