using System.Management.Automation;
using KvmPve.Base;

namespace KvmPve.Commands.PiKvm
{
    /// <summary>The video streamer: the captured source (resolution, signal), its settings, what it can change and kvmd's limits.</summary>
    [Cmdlet(VerbsCommon.Get, "PiKvmStreamer")]
    [OutputType(typeof(PiKvmStreamerState))]
    public sealed class GetPiKvmStreamerCommand : PiKvmFleetCmdlet
    {
        protected override void ProcessRecord() =>
            OnEachDevice(_ => true, async (session, token) => await session.GetStreamerAsync(token).ConfigureAwait(false));
    }
}
