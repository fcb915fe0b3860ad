using System.Linq;
using System.Management.Automation;
using KvmPve.Base;

namespace KvmPve.Commands.PiKvm
{
    /// <summary>Moves the mouse to a pixel, clicks, double-clicks and scrolls on the machine behind the PiKVM.</summary>
    [Cmdlet(VerbsCommunications.Send, "PiKvmMouse", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(void))]
    public sealed class SendPiKvmMouseCommand : PiKvmFleetCmdlet
    {
        /// <summary>x, y in screen pixels, from 0, 0 at the top left (mapped to kvmd's absolute range from the screen's resolution).</summary>
        [Parameter(Position = 0)]
        public int[]? MoveTo { get; set; }

        [Parameter]
        [ValidateSet("Left", "Right", "Middle", "Back", "Forward")]
        public string? Click { get; set; }

        /// <summary>Two clicks (of -Click's button, the left one by default).</summary>
        [Parameter]
        public SwitchParameter DoubleClick { get; set; }

        /// <summary>Wheel steps: positive scrolls up, negative down.</summary>
        [Parameter]
        public int? Wheel { get; set; }

        /// <summary>dx, dy for a relative mouse (kvmd's usb_rel output).</summary>
        [Parameter]
        public int[]? Relative { get; set; }

        protected override void ProcessRecord()
        {
            var action = new PiKvmMouseAction { MoveTo = MoveTo, Relative = Relative, Click = Click, DoubleClick = DoubleClick, Wheel = Wheel };
            CheckFirst(() => PiKvmSession.CheckMouse(action), action);
            string what = string.Join(", ", new[]
            {
                MoveTo != null ? $"move to {MoveTo[0]},{MoveTo[1]}" : null,
                Relative != null ? $"move by {Relative[0]},{Relative[1]}" : null,
                Click != null || DoubleClick ? $"{(DoubleClick ? "double-" : string.Empty)}click {(Click ?? "Left").ToLowerInvariant()}" : null,
                Wheel != null ? $"scroll {Wheel}" : null,
            }.Where(s => s != null));
            OnEachDevice(
                session => ShouldProcess($"mouse of {session.Server}", what),
                async (session, token) =>
                {
                    await session.SendMouseAsync(action, token).ConfigureAwait(false);
                    return null;
                },
                action);
        }
    }
}
