using System.Management.Automation;
using KvmPve.Base;
using KvmPve.Errors;

namespace KvmPve.Commands.PiKvm
{
    /// <summary>The video streamer: the captured source (resolution, signal), its settings, what it can change and kvmd's limits.</summary>
    [Cmdlet(VerbsCommon.Get, "PiKvmStreamer")]
    [OutputType(typeof(PiKvmStreamerState))]
    public sealed class GetPiKvmStreamerCommand : PiKvmCmdlet
    {
        protected override void ProcessRecord()
        {
            PiKvmSession session = ResolveSession();
            try
            {
                WriteObject(Run(token => session.GetStreamerAsync(token)));
            }
            catch (KvmPveException ex)
            {
                WriteError(ex, session);
            }
        }
    }
}
