using System.Management.Automation;
using KvmPve.Base;
using KvmPve.Errors;

namespace KvmPve.Commands.Pve
{
    /// <summary>Types text into a guest's text console (a VM's serial port, a container's console).</summary>
    [Cmdlet(VerbsCommunications.Send, "PveConsoleText", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = VmIdSet)]
    [OutputType(typeof(void))]
    public sealed class SendPveConsoleTextCommand : PveVmNameCmdlet
    {
        /// <summary>The text, sent as it is (any length, any language); it is never shown, as it may be a password.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [AllowEmptyString]
        public string Text { get; set; } = string.Empty;

        /// <summary>Press Enter after the text (a carriage return, as a terminal's Enter key sends).</summary>
        [Parameter]
        public SwitchParameter Enter { get; set; }

        [Parameter]
        [ValidateSet("serial0", "serial1", "serial2", "serial3")]
        public string? Serial { get; set; }

        protected override void ProcessRecord()
        {
            string text = Enter ? Text + "\r" : Text;
            PveSession session = ResolveSession();
            foreach (PveVm vm in Guests(session))
            {
                if (text.Length == 0 || !ShouldProcessGuest(vm, $"Type {Text.Length} characters{(Enter ? " and Enter" : string.Empty)} into its console"))
                {
                    continue;
                }

                try
                {
                    Run(async token => await (await session.TextConsoleAsync(vm, Serial, token).ConfigureAwait(false)).SendAsync(text, token).ConfigureAwait(false));
                }
                catch (KvmPveException ex)
                {
                    WriteError(ex, vm);
                }
            }
        }
    }
}
