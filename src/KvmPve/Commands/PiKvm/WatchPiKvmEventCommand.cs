using System;
using System.Management.Automation;
using System.Threading;
using KvmPve.Base;
using KvmPve.Errors;

namespace KvmPve.Commands.PiKvm
{
    /// <summary>
    /// Writes kvmd's events as they happen (power, LEDs, GPIO, HID, virtual media, video), each with the merged full
    /// state of its part, until Ctrl+C, -TimeoutSec, or a downstream Select-Object -First ends it.
    /// </summary>
    [Cmdlet(VerbsCommon.Watch, "PiKvmEvent")]
    [OutputType(typeof(PiKvmEvent))]
    public sealed class WatchPiKvmEventCommand : PiKvmCmdlet
    {
        /// <summary>Only these event types (atx, gpio, hid, msd, streamer, info, ...); others a newer kvmd sends pass too when none is given.</summary>
        [Parameter(Position = 0)]
        public string[]? Type { get; set; }

        /// <summary>Stop after this many seconds (the end of the watch, not an error).</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int? TimeoutSec { get; set; }

        protected override void ProcessRecord()
        {
            PiKvmSession session = ResolveSession();
            try
            {
                Run(async token =>
                {
                    using (var watch = CancellationTokenSource.CreateLinkedTokenSource(token))
                    {
                        if (TimeoutSec is int seconds)
                        {
                            watch.CancelAfter(TimeSpan.FromSeconds(seconds));
                        }

                        await session.WatchEventsAsync(Type, Emit, gap => Post(() => WriteWarning(gap)), null, watch.Token).ConfigureAwait(false);
                    }
                });
            }
            catch (KvmPveException ex)
            {
                WriteError(ex, session);
            }
        }
    }
}
