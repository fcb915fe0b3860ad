using System;
using System.Management.Automation;
using KvmPve.Base;

namespace KvmPve.Commands.PiKvm
{
    /// <summary>Waits until the PiKVM's screen shows a text (read by OCR), and writes what matched.</summary>
    [Cmdlet(VerbsLifecycle.Wait, "PiKvmScreenText")]
    [OutputType(typeof(string), typeof(PiKvmScreenMatch))]
    public sealed class WaitPiKvmScreenTextCommand : PiKvmFleetCmdlet
    {
        /// <summary>A wildcard pattern looked for in each line (case-insensitive), or a regular expression with -Regex.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        public string Pattern { get; set; } = string.Empty;

        [Parameter]
        public SwitchParameter Regex { get; set; }

        [Parameter]
        [ValidateRange(1, 86400)]
        public int TimeoutSec { get; set; } = 300;

        /// <summary>Seconds between two readings of the screen.</summary>
        [Parameter]
        [ValidateRange(0.1, 3600)]
        public double IntervalSec { get; set; } = 2;

        /// <summary>Only this part of the screen: left, top, right, bottom in pixels.</summary>
        [Parameter]
        [ValidateCount(4, 4)]
        public int[]? Region { get; set; }

        /// <summary>OCR languages (the PiKVM's, for example eng, deu).</summary>
        [Parameter]
        public string[]? Language { get; set; }

        /// <summary>Write the whole screen text with the match (a PiKvmScreenMatch) instead of the matched text.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            CheckFirst(() => PiKvmSession.Matcher(Pattern, Regex), Pattern);
            CheckFirst(() => PiKvmSession.CheckRegion(Region), Region);
            var ocr = new PiKvmOcrOptions { Languages = Language, Left = Region?[0], Top = Region?[1], Right = Region?[2], Bottom = Region?[3] };
            OnEachDevice(
                _ => true,
                async (session, token) =>
                {
                    PiKvmScreenMatch match = await session.WaitScreenTextAsync(Pattern, Regex, TimeSpan.FromSeconds(TimeoutSec), TimeSpan.FromSeconds(IntervalSec), ocr,
                        note => Post(() => WriteVerbose(note)), token).ConfigureAwait(false);
                    return PassThru ? match : (object)match.Match;
                },
                Pattern);
        }
    }
}
