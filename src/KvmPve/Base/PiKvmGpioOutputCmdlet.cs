using System.Management.Automation;
using KvmPve.Errors;

namespace KvmPve.Base
{
    /// <summary>Set-PiKvmGpio and Invoke-PiKvmGpioPulse: an output channel, checked on each device before anything is switched.</summary>
    public abstract class PiKvmGpioOutputCmdlet : PiKvmFleetCmdlet
    {
        [Parameter(Mandatory = true, Position = 0)]
        public string Channel { get; set; } = string.Empty;

        /// <summary>Whether the device has the output; an unknown one is that device's error (listing its outputs), and nothing is switched there.</summary>
        protected bool KnownOutput(PiKvmSession session)
        {
            try
            {
                Run(token => session.GetGpioOutputAsync(Channel, token));
                return true;
            }
            catch (KvmPveException ex)
            {
                WriteError(ex, Channel);
                return false;
            }
        }
    }
}
