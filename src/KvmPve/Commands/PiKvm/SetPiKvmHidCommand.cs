using System.Linq;
using System.Management.Automation;
using KvmPve.Base;
using KvmPve.Errors;

namespace KvmPve.Commands.PiKvm
{
    /// <summary>
    /// Changes the emulated keyboard's and mouse's outputs, the mouse jiggler, and whether the HID is connected. An
    /// output the PiKVM does not offer is refused before any change, naming those it offers.
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "PiKvmHid", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(PiKvmHidState))]
    public sealed class SetPiKvmHidCommand : PiKvmFleetCmdlet
    {
        [Parameter]
        [ValidateSet("usb", "ps2", "disabled")]
        public string? KeyboardOutput { get; set; }

        /// <summary>usb (absolute), usb_win98, usb_rel (relative, for BIOS setups), ps2, disabled.</summary>
        [Parameter]
        [ValidateSet("usb", "usb_win98", "usb_rel", "ps2", "disabled")]
        public string? MouseOutput { get; set; }

        /// <summary>Move the mouse now and then so the machine does not sleep or lock.</summary>
        [Parameter]
        public bool? Jiggler { get; set; }

        /// <summary>Connect or disconnect the USB keyboard and mouse from the machine.</summary>
        [Parameter]
        public bool? Connected { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            var settings = new PiKvmHidParams { KeyboardOutput = KeyboardOutput, MouseOutput = MouseOutput, Jiggler = Jiggler, Connected = Connected };
            if (KeyboardOutput == null && MouseOutput == null && Jiggler == null && Connected == null)
            {
                ThrowTerminatingError(KvmPveException.Invalid("PiKvmHidNothing", "Nothing to change: give -KeyboardOutput, -MouseOutput, -Jiggler or -Connected."), null);
            }

            string change = string.Join(", ", new[]
            {
                KeyboardOutput == null ? null : "keyboard output " + KeyboardOutput,
                MouseOutput == null ? null : "mouse output " + MouseOutput,
                Jiggler == null ? null : "jiggler " + (Jiggler.Value ? "on" : "off"),
                Connected == null ? null : Connected.Value ? "connect" : "disconnect",
            }.Where(s => s != null));
            OnEachDevice(
                session => ShouldProcess($"keyboard and mouse of {session.Server}", "Set " + change),
                async (session, token) =>
                {
                    PiKvmHidState state = await session.SetHidAsync(settings, token).ConfigureAwait(false);
                    return PassThru ? state : null;
                });
        }
    }
}
