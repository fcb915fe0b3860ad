using System.Management.Automation;
using KvmPve.Base;

namespace KvmPve.Commands.PiKvm
{
    /// <summary>The PiKVM's GPIO channels: direction, state, online, busy.</summary>
    [Cmdlet(VerbsCommon.Get, "PiKvmGpio")]
    [OutputType(typeof(PiKvmGpioChannel))]
    public sealed class GetPiKvmGpioCommand : PiKvmFleetCmdlet
    {
        [Parameter(Position = 0)]
        [SupportsWildcards]
        public string[]? Channel { get; set; }

        protected override void ProcessRecord() =>
            OnEachDevice(_ => true, async (session, token) => await session.GetGpioAsync(Channel, e => Post(() => WriteError(e, Channel)), token).ConfigureAwait(false));
    }
}
