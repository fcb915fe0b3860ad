using System.Management.Automation;
using KvmPve.Base;
using KvmPve.Errors;

namespace KvmPve.Commands.PiKvm
{
    /// <summary>Switches a GPIO output on or off.</summary>
    [Cmdlet(VerbsCommon.Set, "PiKvmGpio", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(PiKvmGpioChannel))]
    public sealed class SetPiKvmGpioCommand : PiKvmCmdlet
    {
        [Parameter(Mandatory = true, Position = 0)]
        public string Channel { get; set; } = string.Empty;

        [Parameter(Mandatory = true, Position = 1)]
        public bool State { get; set; }

        [Parameter]
        public SwitchParameter Wait { get; set; }

        protected override void ProcessRecord()
        {
            PiKvmSession session = ResolveSession();
            try
            {
                // The channel is checked first: an unknown one lists the outputs, and nothing is switched.
                Run(token => session.GetGpioOutputAsync(Channel, token));
                if (ShouldProcess($"GPIO {Channel} on {session.Server}", State ? "Switch on" : "Switch off"))
                {
                    Run(token => session.SwitchGpioAsync(Channel, State, Wait, token));
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
