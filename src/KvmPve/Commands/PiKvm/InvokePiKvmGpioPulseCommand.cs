using System.Management.Automation;
using KvmPve.Base;
using KvmPve.Errors;

namespace KvmPve.Commands.PiKvm
{
    /// <summary>Pulses a GPIO output (on, then off after the delay).</summary>
    [Cmdlet(VerbsLifecycle.Invoke, "PiKvmGpioPulse", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(PiKvmGpioChannel))]
    public sealed class InvokePiKvmGpioPulseCommand : PiKvmCmdlet
    {
        [Parameter(Mandatory = true, Position = 0)]
        public string Channel { get; set; } = string.Empty;

        [Parameter]
        [ValidateRange(0.0, 3600.0)]
        public double? Delay { get; set; }

        [Parameter]
        public SwitchParameter Wait { get; set; }

        protected override void ProcessRecord()
        {
            PiKvmSession session = ResolveSession();
            try
            {
                Run(token => session.GetGpioOutputAsync(Channel, token));
                if (ShouldProcess($"GPIO {Channel} on {session.Server}", Delay is double d ? $"Pulse for {d} s" : "Pulse"))
                {
                    Run(token => session.PulseGpioAsync(Channel, Delay, Wait, token));
                    WriteObject(Run(token => session.GetGpioOutputAsync(Channel, token)));
                }
            }
            catch (KvmPveException ex)
            {
                WriteError(ex, Channel);
            }
        }
    }
}
