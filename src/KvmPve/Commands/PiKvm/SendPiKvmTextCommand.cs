using System.Management.Automation;
using KvmPve.Base;

namespace KvmPve.Commands.PiKvm
{
    /// <summary>Types text on the machine behind the PiKVM, completely, however long.</summary>
    [Cmdlet(VerbsCommunications.Send, "PiKvmText", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(void))]
    public sealed class SendPiKvmTextCommand : PiKvmFleetCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
        [AllowEmptyString]
        public string Text { get; set; } = string.Empty;

        [Parameter]
        public string? Keymap { get; set; }

        [Parameter]
        public SwitchParameter Slow { get; set; }

        [Parameter]
        [ValidateRange(0.0, 5.0)]
        public double? Delay { get; set; }

        protected override void ProcessRecord() =>
            // The text itself is never shown: it may be a password typed into a BIOS prompt.
            OnEachDevice(
                session => Text.Length > 0 && ShouldProcess($"keyboard of {session.Server}", $"Type {Text.Length} characters"),
                async (session, token) =>
                {
                    await session.TypeTextAsync(Text, Keymap, Slow, Delay, token).ConfigureAwait(false);
                    return null;
                });
    }
}
