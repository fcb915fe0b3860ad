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
                WriteObject(Run(token => session.GetGpioAsync(Channel, e => Post(() => WriteError(e, Channel)), token)), true);
            }
            catch (KvmPveException ex)
            {
                WriteError(ex, session);
            }
        }
    }
}
