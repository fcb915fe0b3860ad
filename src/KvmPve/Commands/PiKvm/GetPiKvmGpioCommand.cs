using System.Linq;
using System.Management.Automation;
using KvmPve.Base;
using KvmPve.Errors;

namespace KvmPve.Commands.PiKvm
{
    /// <summary>The PiKVM's GPIO channels: direction, state, online, busy.</summary>
    [Cmdlet(VerbsCommon.Get, "PiKvmGpio")]
    [OutputType(typeof(PiKvmGpioChannel))]
    public sealed class GetPiKvmGpioCommand : PiKvmCmdlet
    {
        [Parameter(Position = 0)]
        [SupportsWildcards]
        public string[]? Channel { get; set; }

        protected override void ProcessRecord()
        {
            PiKvmSession session = ResolveSession();
            try
            {
                var channels = Run(token => session.GetGpioAsync(token));
                if (Channel == null)
                {
                    WriteObject(channels, true);
                    return;
                }

                foreach (string name in Channel.Where(n => !WildcardPattern.ContainsWildcardCharacters(n) && channels.All(c => c.Channel != n)))
                {
                    WriteError(new KvmPveException(ErrorKind.ObjectNotFound, "PiKvmGpioChannelNotFound",
                        $"The PiKVM has no GPIO channel '{name}'. Its channels: {string.Join(", ", channels.Select(c => c.Channel))}."), name);
                }

                var patterns = Channel.Select(n => new WildcardPattern(n, WildcardOptions.IgnoreCase)).ToList();
                WriteObject(channels.Where(c => patterns.Any(p => p.IsMatch(c.Channel))), true);
            }
            catch (KvmPveException ex)
            {
                WriteError(ex, session);
            }
        }
    }
}
